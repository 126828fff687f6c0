import type { Construct } from "constructs";
import { Annotations } from "cdktf";
import type { FlowLogField, RecordFormat } from "./record-format";

/** Which traffic a flow log records (the config's `TrafficType`). */
type RecordedTraffic = "ALL" | "ACCEPT" | "REJECT";

/** The fields of `needed` the format lacks, each once. */
export function missingFields(format: RecordFormat, needed: readonly FlowLogField[]): FlowLogField[] {
  return needed.filter((f, i) => !format.has(f) && needed.indexOf(f) === i);
}

/** Something the monitoring left out, and why. */
export interface LeftOut {
  readonly kind: "query" | "metric filter" | "alarm" | "named query";
  readonly id: string;
  /** Why, and what would enable it. */
  readonly reason: string;
}

/**
 * Decides what the record format and the traffic type cannot support, and reports each thing
 * left out as a synth warning on `scope` naming what would enable it.
 */
export class LeftOutReport {
  /** Everything left out so far. */
  readonly items: LeftOut[] = [];

  constructor(
    private readonly scope: Construct,
    private readonly environmentName: string,
    private readonly format: RecordFormat,
    private readonly trafficType: RecordedTraffic,
  ) {}

  /** Records something left out, with a warning. */
  add(kind: LeftOut["kind"], id: string, reason: string): void {
    this.items.push({ kind, id, reason });
    Annotations.of(this.scope).addWarning(`environment "${this.environmentName}": ${kind} "${id}" left out: ${reason}`);
  }

  /**
   * Whether a query, filter or alarm that reads `needs` (and, if `rejectedOnly`, rejected
   * flows) must be left out; when so, it is recorded with the reason.
   */
  skip(kind: LeftOut["kind"], id: string, needs: readonly FlowLogField[], rejectedOnly: boolean): boolean {
    const missing = missingFields(this.format, needs);
    let reason: string | undefined;
    if (missing.length > 0) {
      reason =
        `the record format has no ${missing.map((f) => `"${f}"`).join(", ")} field${missing.length === 1 ? "" : "s"}; ` +
        `add ${missing.length === 1 ? "it" : "them"} to flowLogs.logFormat to enable it`;
    } else if (rejectedOnly && this.trafficType === "ACCEPT") {
      reason = 'flowLogs.trafficType is "ACCEPT", so no rejected flows are recorded; use "ALL" or "REJECT" to enable it';
    }
    if (!reason) return false;
    this.add(kind, id, reason);
    return true;
  }
}
