/**
 * What a judge of refused conversations is asked and answers: the conversation's ends and
 * direction (from the records), and the verdict the rules give. Conversations ask; rule sets
 * answer; neither imports the other.
 */
import type { Layer, Sentences, TrackingTimeouts, VerdictCode } from "./sentences";

/** The direction of a record or a request, seen from the interface. */
export type Direction = "inbound" | "outbound" | "unknown";

/** One end of a conversation. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** What {@link RefusalJudge.judge} is asked about a conversation. */
export interface RuleQuestion {
  readonly interfaceId: string;
  readonly protocol: number;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly direction: Direction;
  /** The records' verdict. */
  readonly verdict: VerdictCode;
  /** The layers the records leave open. */
  readonly layers: readonly Layer[];
  /** VPC Block Public Access may have refused it (the records cannot tell: see ConversationWords). */
  readonly bpaPossible: boolean;
}

/** What the rules say of a refused conversation: the verdict, the layers still open, and the explanation. */
export interface RuleJudgment {
  readonly verdict: VerdictCode;
  readonly layers: readonly Layer[];
  readonly detail: string;
}

/** Attributes refusals to a rule; undefined when the rules add nothing the records did not say. */
export interface RefusalJudge {
  judge(q: RuleQuestion, words: Sentences): RuleJudgment | undefined;
  /** The interface's own connection-tracking timeouts, when the rules give them. */
  tracking?(interfaceId: string): TrackingTimeouts | undefined;
}

/** @deprecated The name of {@link RefusalJudge} before 0.4.0. */
export type RuleJudge = RefusalJudge;
