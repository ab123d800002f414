// Archives built in memory for tests: zip (written here, per APPNOTE 4.3, stored or deflated) and
// tar/tar.gz (tar-stream's packer, node:zlib's gzip).
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Default: deflate. */
  method?: 'store' | 'deflate';
  /** Sets the encryption flag (the data itself is left as is). */
  encrypted?: boolean;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

export function makeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const stored = e.method === 'store';
    const body = stored ? data : deflateRawSync(data);
    const name = Buffer.from(e.name, 'utf8');
    const flags = 0x800 | (e.encrypted ? 1 : 0);
    const crc = crc32(data);
    // The local header and the central directory entry share these 26 bytes (from "version needed" to
    // the extra-field length); the central entry adds "version made by" before and the offset after.
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0);
    shared.writeUInt16LE(flags, 2);
    shared.writeUInt16LE(stored ? 0 : 8, 4);
    shared.writeUInt32LE(crc, 10);
    shared.writeUInt32LE(body.length, 14);
    shared.writeUInt32LE(data.length, 18);
    shared.writeUInt16LE(name.length, 22);
    const local = Buffer.concat([u32(0x04034b50), shared]);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    shared.copy(central, 6);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export async function makeTar(entries: readonly { name: string; data: Buffer | string }[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  })();
  for (const e of entries) pack.entry({ name: e.name }, Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data));
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export const makeTarGz = async (entries: readonly { name: string; data: Buffer | string }[]): Promise<Buffer> =>
  gzipSync(await makeTar(entries));

export const gzip = (data: Buffer | string): Buffer => gzipSync(data);
