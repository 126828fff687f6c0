/**
 * Flow-log records from Parquet files as AWS writes them to S3: a column per field, named as the
 * field with `_` for `-` (`account_id`), INT32 and INT64 numbers, null for `-` (not applicable),
 * pages compressed with Gzip. Read a row group at a time, each row as the record line the
 * explainer reads. The reader (hyparquet, pure JavaScript, an ES module) is loaded when the
 * first Parquet file is read.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import type { AsyncBuffer } from "hyparquet";
import type { AnyRecordFormat } from "../../constructs/records/transit-gateway-format";
import { parseFormat } from "./record";

type Hyparquet = typeof import("hyparquet");

/** hyparquet, loaded on first use (Node's require of an ES module). */
function hyparquet(): Hyparquet {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("hyparquet") as Hyparquet;
}

/** The Parquet file's magic bytes, at its start and its end. */
export const PARQUET_MAGIC = "PAR1";

/** Whether a file is Parquet: its name, or its first bytes. */
export function isParquetFile(path: string): boolean {
  if (path.endsWith(".parquet")) return true;
  const fd = fs.openSync(path, "r");
  try {
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.toString("latin1") === PARQUET_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

/** The codecs AWS's files use that hyparquet does not decode itself. */
const COMPRESSORS = {
  GZIP: (input: Uint8Array): Uint8Array => new Uint8Array(zlib.gunzipSync(input)),
};

/** A local file as hyparquet reads it: the slices it asks for, read when asked. */
function fileBuffer(fd: number): AsyncBuffer {
  const byteLength = fs.fstatSync(fd).size;
  return {
    byteLength,
    slice(start: number, end = byteLength): ArrayBuffer {
      const bytes = new Uint8Array(end - start);
      fs.readSync(fd, bytes, 0, bytes.length, start);
      return bytes.buffer;
    },
  };
}

/** A Parquet value as a record line writes it: numbers (INT64 as BigInt) in decimal, null as `-`. */
function text(v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (typeof v === "bigint" || typeof v === "number" || typeof v === "string") return String(v);
  return JSON.stringify(v);
}

/** Bytes held in memory (a Parquet file read from standard input) as hyparquet reads them. */
function memoryBuffer(bytes: Buffer): AsyncBuffer {
  return {
    byteLength: bytes.length,
    slice: (start: number, end = bytes.length): ArrayBuffer => {
      const copy = new Uint8Array(end - start);
      copy.set(bytes.subarray(start, end));
      return copy.buffer;
    },
  };
}

/**
 * The records of a Parquet file (a path, or its bytes when it came on standard input): its
 * record format, taken from its columns, and its rows as record lines, a row group at a time.
 * Throws when a column is not a flow-log field.
 */
export async function readParquetRecords(source: string | Buffer): Promise<{ format: AnyRecordFormat; lines: AsyncGenerator<string> }> {
  const { parquetMetadataAsync, parquetReadObjects } = hyparquet();
  const fd = typeof source === "string" ? fs.openSync(source, "r") : undefined;
  const close = () => fd !== undefined && fs.closeSync(fd);
  const file = fd !== undefined ? fileBuffer(fd) : memoryBuffer(source as Buffer);
  let metadata: Awaited<ReturnType<Hyparquet["parquetMetadataAsync"]>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    close();
    throw new Error(`not a Parquet file AWS writes: ${(e as Error).message}`, { cause: e });
  }
  const columns = metadata.schema.slice(1).map((c) => c.name);
  let format: AnyRecordFormat;
  try {
    format = parseFormat(columns.map((c) => c.replace(/_/g, "-")).join(" "));
  } catch (e) {
    close();
    throw new Error(`its columns are not a flow-log record format: ${(e as Error).message}`, { cause: e });
  }
  async function* lines(): AsyncGenerator<string> {
    try {
      let rowStart = 0;
      for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors: COMPRESSORS });
        for (const row of rows) yield columns.map((c) => text(row[c])).join(" ");
        rowStart = rowEnd;
      }
    } finally {
      close();
    }
  }
  return { format, lines: lines() };
}

/** The files of the sources, a folder read recursively, in path order (AWS's paths and names sort in time order). */
export function expandSources(sources: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (p !== "-" && fs.existsSync(p) && fs.statSync(p).isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(`${p.replace(/\/+$/, "")}/${name}`);
    } else out.push(p);
  };
  for (const s of sources) walk(s);
  return out;
}
