/**
 * A zip archive of a few files, byte for byte the same for the same files: the same name, the
 * same contents, the same order, one fixed time. A Lambda function's package: its hash is what
 * Terraform compares, so a synth that changes nothing must write the same bytes (an archiver
 * that stamps each file's time would change the function at every plan).
 */
import { crc32, deflateRawSync } from "node:zlib";

/** One file of the archive. */
export interface ZipEntry {
  /** Its path in the archive, with `/` between folders. */
  readonly name: string;
  readonly content: string | Buffer;
}

/** 1 January 2020, 00:00, in MS-DOS form (the zip format's time): any fixed time would do. */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
const VERSION = 20;
const DEFLATE = 8;
/** Bit 11: names are UTF-8. */
const UTF8 = 0x0800;

/** The archive of `entries`, deflated, in the order given. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const data = typeof e.content === "string" ? Buffer.from(e.content, "utf8") : e.content;
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    // The fields both headers share, from "version needed" to the extra field's length.
    const shared = (header: Buffer, at: number) => {
      header.writeUInt16LE(VERSION, at);
      header.writeUInt16LE(UTF8, at + 2);
      header.writeUInt16LE(DEFLATE, at + 4);
      header.writeUInt16LE(DOS_TIME, at + 6);
      header.writeUInt16LE(DOS_DATE, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
      return header;
    };
    const local = shared(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    const central = shared(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    // Made by Unix (3), so that the mode below is read: a regular file, readable by all.
    central.writeUInt16LE((3 << 8) | VERSION, 4);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, directory, end]);
}
