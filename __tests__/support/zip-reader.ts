/**
 * Reads a zip archive as the format's specification describes it (APPNOTE): the end record, the
 * central directory, each local header, inflated and checked against its CRC-32. Written apart
 * from the writer it checks, so that the two do not share a mistake.
 */
import { crc32, inflateRawSync } from "node:zlib";

/** One file read back. */
export interface ReadEntry {
  readonly name: string;
  readonly content: Buffer;
  /** The stored MS-DOS time and date, and the Unix mode when made on Unix. */
  readonly dosTime: number;
  readonly dosDate: number;
  readonly unixMode?: number;
}

export function readZip(zip: Buffer): ReadEntry[] {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error("no end of central directory record");
  const count = zip.readUInt16LE(endAt + 10);
  const dirSize = zip.readUInt32LE(endAt + 12);
  const dirAt = zip.readUInt32LE(endAt + 16);
  if (dirAt + dirSize !== endAt) throw new Error(`central directory at ${dirAt} + ${dirSize} does not end at ${endAt}`);
  const out: ReadEntry[] = [];
  let at = dirAt;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i}: no central directory header at ${at}`);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const method = zip.readUInt16LE(at + 10);
    const dosTime = zip.readUInt16LE(at + 12);
    const dosDate = zip.readUInt16LE(at + 14);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`${name}: no local header at ${localAt}`);
    const localName = zip.toString("utf8", localAt + 30, localAt + 30 + zip.readUInt16LE(localAt + 26));
    if (localName !== name) throw new Error(`${name}: the local header names ${localName}`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const packed = zip.subarray(dataAt, dataAt + packedSize);
    const content = method === 8 ? inflateRawSync(packed) : method === 0 ? Buffer.from(packed) : undefined;
    if (!content) throw new Error(`${name}: compression method ${method} is not read here`);
    if (content.length !== size) throw new Error(`${name}: ${content.length} bytes, the directory says ${size}`);
    if (crc32(content) !== crc) throw new Error(`${name}: CRC-32 differs`);
    out.push({ name, content, dosTime, dosDate, ...(madeBy === 3 ? { unixMode: external >>> 16 } : {}) });
  }
  return out;
}
