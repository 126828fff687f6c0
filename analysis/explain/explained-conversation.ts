/**
 * A conversation judged: what the explainer says of one conversation, as the library gives it
 * and as `--json` writes it, one class of one shape for every conversation.
 */
import type { Direction, Endpoint } from "./question";
import { unmark } from "./marked-text";
import type { Layer, VerdictCode } from "./sentences";

/** How many line numbers a conversation keeps and shows. */
export const LINES_KEPT = 5;

/** The first {@link LINES_KEPT} of two sides' lines (each in order), in order. */
export function firstLines(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (out.length < LINES_KEPT && (i < a.length || j < b.length))
    out.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return out;
}

/** A conversation judged. */
export interface ExplainedConversation {
  readonly kind: "conversation";
  readonly interfaceId: string;
  readonly protocol: string;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly service: string;
  /** Of the request, seen from the interface. */
  readonly direction: Direction;
  readonly verdict: VerdictCode;
  /**
   * The layers that may have refused it (`security-group`, `network-acl`, `block-public-access`):
   * one where the verdict names a layer for certain, several where records and rules leave it
   * open, none for a conversation no layer refused.
   */
  readonly layers: readonly Layer[];
  /** What the verdict rests on: the records alone, or the rules given as well. */
  readonly basis: "records" | "rules";
  readonly sentence: string;
  /** The lines of its first records, at most {@link LINES_KEPT}; `records` counts them all. */
  readonly lines: readonly number[];
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
  /** The first window's start and the last window's end, epoch seconds. */
  readonly start: number;
  readonly end: number;
  /** The sentence as the explainer wrote it, with marks for the arrow (marked-text.ts), when it is ASCII but for them. */
  readonly [MARKED]?: string;
}

/** The key of a conversation's marked sentence (the writer's: Latin-1 with the marks patched). */
export const MARKED: unique symbol = Symbol("marked sentence");

/**
 * A conversation judged: one class of one shape, its sentence kept as the explainer wrote it
 * (with marks when `[MARKED]` is set) and given with the real characters when read.
 */
export class ConversationExplanation implements ExplainedConversation {
  readonly kind = "conversation" as const;
  readonly [MARKED]: string | undefined;
  constructor(
    readonly interfaceId: string,
    readonly protocol: string,
    readonly client: Endpoint,
    readonly server: Endpoint,
    readonly service: string,
    readonly direction: Direction,
    readonly verdict: VerdictCode,
    readonly layers: readonly Layer[],
    readonly basis: "records" | "rules",
    private readonly text: string,
    marked: boolean,
    readonly lines: readonly number[],
    readonly records: number,
    readonly packets: number,
    readonly bytes: number,
    readonly start: number,
    readonly end: number,
  ) {
    this[MARKED] = marked ? text : undefined;
  }

  get sentence(): string {
    return this[MARKED] !== undefined ? unmark(this.text) : this.text;
  }

  /** As JSON: the interface's fields in their order, the sentence with its real characters. */
  toJSON(): ExplainedConversation {
    const {
      kind,
      interfaceId,
      protocol,
      client,
      server,
      service,
      direction,
      verdict,
      layers,
      basis,
      sentence,
      lines,
      records,
      packets,
      bytes,
      start,
      end,
    } = this;
    return {
      kind,
      interfaceId,
      protocol,
      client,
      server,
      service,
      direction,
      verdict,
      layers,
      basis,
      sentence,
      lines,
      records,
      packets,
      bytes,
      start,
      end,
    };
  }
}
