#!/usr/bin/env node
// After `tsup`: the build bundles third-party packages into dist/, so their licence texts ship with it.
// Reads the build's metafiles (every input file esbuild bundled), writes dist/THIRD-PARTY-NOTICES.md with
// each package's name, version, licence and licence file, and removes the metafiles from dist/.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const metafiles = readdirSync(dist).filter((f) => /^metafile-.*\.json$/.test(f));
const packages = new Set();
for (const file of metafiles) {
  for (const input of Object.keys(JSON.parse(readFileSync(join(dist, file), 'utf8')).inputs)) {
    // The innermost node_modules/<name> or node_modules/@scope/<name> is the package the file belongs to.
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  rmSync(join(dist, file));
}

const sections = [...packages]
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    return { name: pkg.name, version: pkg.version, license: pkg.license ?? 'unknown', text };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

const unique = sections.filter((s, i) => i === 0 || s.name !== sections[i - 1].name || s.version !== sections[i - 1].version);
const body = unique.map((s) => `## ${s.name}@${s.version} (${s.license})\n\n\`\`\`\n${s.text}\n\`\`\`\n`).join('\n');
writeFileSync(
  join(dist, 'THIRD-PARTY-NOTICES.md'),
  `# Third-party notices\n\nThe files in this folder bundle the following packages; their licences follow.\n\n${body}`,
);
