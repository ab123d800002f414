// Kubernetes Secret manifests hide values in base64 under `data:`; decode them so the detector can
// see the key, and keep the span of the encoded value so the finding points at its line.

export interface EncodedValue {
  /** The data key (e.g. PINECALL_API_KEY). */
  name: string;
  /** Offsets of the base64 text in the manifest. */
  start: number;
  end: number;
  decoded: string;
}

export const KIND_SECRET = /^[ \t]*kind:[ \t]*["']?Secret["']?[ \t]*\r?$/m;
const DATA_ENTRY = /^([ \t]+)([A-Za-z0-9._-]{1,253}):[ \t]*(["']?)([A-Za-z0-9+/=]{4,65536})\3[ \t]*\r?$/;

/** Both occur in every Secret manifest: the cheap pre-check (also on raw bytes, see ./gate.ts). */
export const MANIFEST_MARKERS: readonly string[] = ['kind:', 'Secret'];

export function mightBeKubernetesSecret(text: string): boolean {
  return MANIFEST_MARKERS.every((m) => text.includes(m));
}

function decodeBase64Utf8(value: string): string | undefined {
  try {
    const binary = atob(value);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function kubernetesSecretValues(text: string): EncodedValue[] {
  if (!mightBeKubernetesSecret(text) || !KIND_SECRET.test(text)) return [];
  const out: EncodedValue[] = [];
  let offset = 0;
  let dataIndent = -1;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const header = /^([ \t]*)data:[ \t]*\r?$/.exec(line);
    if (header) {
      dataIndent = header[1]!.length;
      continue;
    }
    if (dataIndent < 0) continue;
    const entry = DATA_ENTRY.exec(line);
    if (!entry || entry[1]!.length <= dataIndent) {
      if (line.trim() !== '') dataIndent = -1;
      continue;
    }
    const decoded = decodeBase64Utf8(entry[4]!);
    if (decoded === undefined) continue;
    const start = lineStart + line.indexOf(entry[4]!, entry[1]!.length + entry[2]!.length + 1);
    out.push({ name: entry[2]!, start, end: start + entry[4]!.length, decoded });
  }
  return out;
}
