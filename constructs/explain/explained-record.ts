/**
 * A record explained: what the explainer says of one record, as the library gives it and as
 * `--json` writes it (numbers as numbers, `-` as null), one class of one shape for every record.
 */
import type { Direction } from "./question";
import type { FlowRecord } from "./record";

/** The record behind an explained record (`--json` writes its fields with their numbers as numbers). */
export const RECORD: unique symbol = Symbol("record");

/** A record explained. */
export interface ExplainedRecord {
  readonly kind: "record";
  /** 1-based line (or Parquet row) number in its source. */
  readonly line: number;
  readonly source?: string;
  /** The CloudWatch Logs event id, when the source gives it (`aws logs filter-log-events`). */
  readonly event?: string;
  readonly fields: FlowRecord["fields"];
  readonly logStatus: string;
  readonly action?: string;
  readonly direction: Direction;
  /** The interface's own address in this record, when known. */
  readonly interfaceAddress?: string;
  readonly protocol?: string;
  /** The service of the record's server-side port, when it has a name. */
  readonly service?: string;
  readonly sentence: string;
  /** Further sentences: TCP flags, the real peer behind a NAT gateway, the traffic path, the reject reason. */
  readonly notes: readonly string[];
  readonly [RECORD]?: FlowRecord;
}

/**
 * An explained record: one class, so every record has one shape (undefined where a key does
 * not apply, which JSON leaves out), and its fields object is built only when read (the text
 * output never reads it).
 */
export class RecordExplanation implements ExplainedRecord {
  readonly kind = "record" as const;
  readonly [RECORD]: FlowRecord;
  constructor(
    record: FlowRecord,
    readonly line: number,
    readonly source: string | undefined,
    readonly event: string | undefined,
    readonly logStatus: string,
    readonly action: string | undefined,
    readonly direction: Direction,
    readonly interfaceAddress: string | undefined,
    readonly protocol: string | undefined,
    readonly service: string | undefined,
    readonly sentence: string,
    readonly notes: readonly string[],
  ) {
    this[RECORD] = record;
  }

  get fields(): FlowRecord["fields"] {
    return this[RECORD].fields;
  }

  /** As `--json` writes it: the fields' numbers as numbers, `-` as null. */
  toJSON(): object {
    return JSON.parse(this.jsonText()) as object;
  }

  /** {@link toJSON} as JSON text, written directly: the command's hot path. */
  jsonText(): string {
    const str = (key: string, v: string | undefined) => (v === undefined ? "" : `,"${key}":${JSON.stringify(v)}`);
    return (
      `{"kind":"record","line":${this.line}${str("source", this.source)}${str("event", this.event)}` +
      `,"fields":${this[RECORD].jsonFieldsText()},"logStatus":${JSON.stringify(this.logStatus)}${str("action", this.action)}` +
      `,"direction":"${this.direction}"${str("interfaceAddress", this.interfaceAddress)}${str("protocol", this.protocol)}` +
      `${str("service", this.service)},"sentence":${JSON.stringify(this.sentence)},"notes":${JSON.stringify(this.notes)}}`
    );
  }
}

/** No notes: one array for every record without any. */
export const NO_NOTES: readonly string[] = Object.freeze([]);
