// Where a key in built browser code came from, as its source map says: a key in a `.map` file's
// `sourcesContent` is at a line of one original source; a key in a script with a
// `sourceMappingURL` maps, through the VLQ `mappings` (decoded by @jridgewell/sourcemap-codec), to
// the original line that produced it — often the `process.env.…` reference a bundler inlined.
import { decode } from '@jridgewell/sourcemap-codec';
import * as fs from 'node:fs';
import path from 'node:path';
import type { Finding, OriginalPlace } from '../core/types.js';
import { isInside } from '../paths.js';
import { OPEN_FLAGS } from './read-files.js';

interface RawSourceMap {
  sources?: unknown;
  sourceRoot?: unknown;
  sourcesContent?: unknown;
  mappings?: unknown;
}

function parseMap(text: string): RawSourceMap | undefined {
  try {
    const map = JSON.parse(text) as unknown;
    return map !== null && typeof map === 'object' ? (map as RawSourceMap) : undefined;
  } catch {
    return undefined;
  }
}

/** Joins and normalises forward-slash paths; `..` past the start is kept. */
function joinPosix(...parts: string[]): string {
  const out: string[] = [];
  for (const seg of parts.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/**
 * An original source's path as the map names it, made relative to the scan root where it can be:
 * `webpack://app/./src/x.ts` → `src/x.ts`; `../../src/x.ts` next to `dist/assets/a.js.map` → `src/x.ts`.
 */
export function sourcePath(mapFile: string, source: string, sourceRoot = ''): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(.*)$/i.exec(source);
  if (scheme) {
    // webpack://<project>/./src/x.ts: the first segment names the project, not a folder.
    const rest = scheme[1]!;
    const slash = rest.indexOf('/');
    return joinPosix(slash === -1 ? rest : rest.slice(slash + 1));
  }
  const dir = mapFile.includes('/') ? mapFile.slice(0, mapFile.lastIndexOf('/')) : '';
  if (source.startsWith('/')) return joinPosix(source);
  return joinPosix(dir, sourceRoot, source);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const strings = (v: unknown): (string | null)[] => (Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s : null)) : []);

/** For a key found in a source map file: the original source and line whose content holds it. */
export function originalInMap(mapFile: string, mapText: string, secret: string): OriginalPlace | undefined {
  const map = parseMap(mapText);
  if (!map) return undefined;
  const sources = strings(map.sources);
  const contents = strings(map.sourcesContent);
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  for (let i = 0; i < contents.length; i++) {
    const content = contents[i];
    const source = sources[i];
    if (!content || !source) continue;
    const at = content.indexOf(secret);
    if (at !== -1) return { file: sourcePath(mapFile, source, root), ...lineAndColumn(content, at) };
  }
  return undefined;
}

/** For a key at (line, column) of a generated script: the original place its mapping points at. */
export function originalInScript(mapFile: string, mapText: string, line: number, column: number): OriginalPlace | undefined {
  const map = parseMap(mapText);
  if (!map || typeof map.mappings !== 'string') return undefined;
  let decoded;
  try {
    decoded = decode(map.mappings);
  } catch {
    return undefined;
  }
  const segments = decoded[line - 1];
  if (!segments) return undefined;
  // The last segment starting at or before the key's column (segments are sorted by column).
  let best: number[] | undefined;
  for (const seg of segments) {
    if (seg[0]! > column - 1) break;
    best = seg;
  }
  if (!best || best.length < 4) return undefined;
  const source = strings(map.sources)[best[1]!];
  if (!source) return undefined;
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  return { file: sourcePath(mapFile, source, root), line: best[2]! + 1, column: best[3]! + 1 };
}

const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

/** The source map a script names on its last lines: inline (`data:` URL) or a relative file. */
export function sourceMappingUrl(scriptText: string): string | undefined {
  const tail = scriptText.slice(-4096);
  const lines = tail.split('\n').slice(-3);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = SOURCE_MAPPING_URL.exec(lines[i]!);
    if (m) return m[1];
  }
  return undefined;
}

/** An inline map's JSON, or undefined for a map in another file. */
export function inlineMap(url: string): string | undefined {
  const m = /^data:application\/json[^,]*?(;base64)?,(.*)$/i.exec(url);
  if (!m) return undefined;
  try {
    return m[1] ? Buffer.from(m[2]!, 'base64').toString('utf8') : decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
}

/**
 * Adds `original` to findings in a `.map` file or in a script that names its map. `readMap` reads a
 * map file named relative to the script (undefined when it cannot or may not).
 */
export function addOriginalPlaces(
  findings: readonly Finding[],
  file: string,
  text: string,
  readMap: (url: string) => string | undefined,
): void {
  if (findings.length === 0) return;
  if (file.endsWith('.map')) {
    for (const f of findings) {
      const original = originalInMap(file, text, f.secret);
      if (original) f.original = original;
    }
    return;
  }
  if (!/\.(?:m|c)?js$/.test(file)) return;
  const url = sourceMappingUrl(text);
  if (url === undefined) return;
  const inline = inlineMap(url);
  const mapText = inline ?? (/^[a-z][a-z0-9+.-]*:/i.test(url) ? undefined : readMap(url));
  if (mapText === undefined) return;
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const mapFile = inline === undefined ? joinPosix(dir, url.split(/[?#]/)[0]!) : file;
  for (const f of findings) {
    const original = originalInScript(mapFile, mapText, f.line, f.column);
    if (original) f.original = original;
  }
}

/** Reads a script's source map: a regular file in the script's own directory tree, no larger than a file may be. */
export function mapBeside(scriptAbs: string | Uint8Array, maxFileSize: number): (url: string) => string | undefined {
  return (url) => {
    // A script whose name is not valid UTF-8: its map is not looked for.
    if (typeof scriptAbs !== 'string') return undefined;
    let fd: number | undefined;
    try {
      const dir = path.dirname(scriptAbs);
      const abs = path.resolve(dir, decodeURIComponent(url.split(/[?#]/)[0]!));
      if (!isInside(abs, dir)) return undefined;
      fd = fs.openSync(abs, OPEN_FLAGS);
      const st = fs.fstatSync(fd);
      if (!st.isFile() || st.size > maxFileSize) return undefined;
      return fs.readFileSync(fd, 'utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
}

