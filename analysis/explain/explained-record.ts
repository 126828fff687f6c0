/**
 * A record explained: what the explainer says of one record, as the library gives it and as
 * `--json` writes it (numbers as numbers, `-` as null), one class of one shape for every record.
 */
import type { Direction } from "./question";
import type { FlowRecord } from "./record";
import { unmark } from "./marked-text";

/** The record behind an explained record (`--json` writes its fields with their numbers as numbers). */
export const RECORD: unique symbol = Symbol("record");

/** An explained record's sentence and notes as the explainer wrote them, and whether with marks (marked-text.ts). */
export const WRITTEN_SENTENCE: unique symbol = Symbol("written sentence");
export const WRITTEN_NOTES: unique symbol = Symbol("written notes");
export const WRITTEN_MARKED: unique symbol = Symbol("written with marks");

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
    text: string,
    notes: readonly string[],
    marked: boolean,
  ) {
    this[RECORD] = record;
    this[WRITTEN_SENTENCE] = text;
    this[WRITTEN_NOTES] = notes;
    this[WRITTEN_MARKED] = marked;
  }

  /** The sentence as the explainer wrote it: with marks for the arrow and dash when `[WRITTEN_MARKED]`. */
  readonly [WRITTEN_SENTENCE]: string;
  /** The notes, as the sentence. */
  readonly [WRITTEN_NOTES]: readonly string[];
  /** Whether the sentence and notes carry marks and are otherwise ASCII (written as Latin-1, then patched). */
  readonly [WRITTEN_MARKED]: boolean;

  /** The sentence, with its real characters (a getter, as `fields` is: `{ ...record }` does not copy it). */
  get sentence(): string {
    return this[WRITTEN_MARKED] ? unmark(this[WRITTEN_SENTENCE]) : this[WRITTEN_SENTENCE];
  }

  get notes(): readonly string[] {
    const notes = this[WRITTEN_NOTES];
    return this[WRITTEN_MARKED] && notes.length > 0 ? notes.map(unmark) : notes;
  }

  get fields(): FlowRecord["fields"] {
    return this[RECORD].fields;
  }

  /** As `--json` writes it: the fields' numbers as numbers, `-` as null. */
  toJSON(): object {
    return JSON.parse(unmark(this.jsonText())) as object;
  }

  /**
   * {@link toJSON} as JSON text, written directly: the command's hot path. When the record is
   * written with marks, so is the text (the writer patches the marks); the sentence and notes are plain
   * text then (ASCII and marks: nothing to escape). `plain`: the caller knows the source and event
   * plain too (printable ASCII without a quote or backslash), so that no value needs escaping.
   */
  jsonText(plain = false): string {
    const str = (key: string, v: string | undefined) =>
      v === undefined ? "" : plain ? `,"${key}":"${v}"` : `,"${key}":${JSON.stringify(v)}`;
    const marked = this[WRITTEN_MARKED];
    const written = this[WRITTEN_NOTES];
    const sentence = marked ? `"${this[WRITTEN_SENTENCE]}"` : JSON.stringify(this[WRITTEN_SENTENCE]);
    const notes = written.length === 0 ? "[]" : marked ? `["${written.join('","')}"]` : JSON.stringify(written);
    return (
      `{"kind":"record","line":${this.line}${str("source", this.source)}${str("event", this.event)}` +
      `,"fields":${this[RECORD].jsonFieldsText()},"logStatus":${plain ? `"${this.logStatus}"` : JSON.stringify(this.logStatus)}${str("action", this.action)}` +
      `,"direction":"${this.direction}"${str("interfaceAddress", this.interfaceAddress)}${str("protocol", this.protocol)}` +
      `${str("service", this.service)},"sentence":${sentence},"notes":${notes}}`
    );
  }
}

/** No notes: one array for every record without any. */
export const NO_NOTES: readonly string[] = Object.freeze([]);
