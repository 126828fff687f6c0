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
  /** Why, in a few words (`no "action" field`), as the one-line warning lists it. */
  readonly why: string;
  /** What would enable it, as the warning closes (`add the fields to flowLogs.logFormat`); none for what follows from another. */
  readonly fix?: string;
}

const FIX_FORMAT = "add the fields to flowLogs.logFormat";
const FIX_TRAFFIC = 'set flowLogs.trafficType "ALL"';

/**
 * Decides what the record format and the traffic type cannot support, keeps each thing left out
 * with its reason ({@link items}), and reports them all as one synth warning on `scope`
 * ({@link report}): one line, however many are left out.
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

  /** Records something left out. */
  add(kind: LeftOut["kind"], id: string, reason: string, why = reason, fix?: string): void {
    this.items.push({ kind, id, reason, why, ...(fix ? { fix } : {}) });
  }

  /**
   * Whether a query, filter or alarm that reads `needs` (and, if `rejectedOnly`, rejected
   * flows) must be left out; when so, it is recorded with the reason.
   */
  skip(kind: LeftOut["kind"], id: string, needs: readonly FlowLogField[], rejectedOnly: boolean): boolean {
    const missing = missingFields(this.format, needs);
    if (missing.length > 0) {
      const fields = `${missing.map((f) => `"${f}"`).join(", ")} field${missing.length === 1 ? "" : "s"}`;
      this.add(
        kind,
        id,
        `the record format has no ${fields}; add ${missing.length === 1 ? "it" : "them"} to flowLogs.logFormat to enable it`,
        `no ${fields}`,
        FIX_FORMAT,
      );
      return true;
    }
    if (rejectedOnly && this.trafficType === "ACCEPT") {
      this.add(
        kind,
        id,
        'flowLogs.trafficType is "ACCEPT", so no rejected flows are recorded; use "ALL" or "REJECT" to enable it',
        'trafficType "ACCEPT" records no rejected flows',
        FIX_TRAFFIC,
      );
      return true;
    }
    return false;
  }

  /**
   * The one warning for everything left out (none when nothing is):
   * `environment "prod": 3 named queries left out for its record format: "a" (no "x" field), ...`.
   * Each item's full reason stays in {@link items}.
   */
  report(): void {
    if (this.items.length === 0) return;
    const kinds = [...new Set(this.items.map((i) => i.kind))];
    const n = this.items.length;
    const plural = (kind: string) => (n === 1 ? kind : kind.endsWith("query") ? `${kind.slice(0, -1)}ies` : `${kind}s`);
    const noun = kinds.length === 1 ? `${n} ${plural(kinds[0])}` : `${n} items`;
    const list = this.items.map((i) => `${kinds.length === 1 ? "" : `${i.kind} `}"${i.id}" (${i.why})`).join(", ");
    // Each fix once, the format's first (the order they are written in).
    const fixes = [FIX_FORMAT, FIX_TRAFFIC].filter((f) => this.items.some((i) => i.fix === f));
    const fix = fixes.length > 0 ? `; ${fixes.join(", or ")} to have them` : "";
    Annotations.of(this.scope).addWarning(
      `environment "${this.environmentName}": ${noun} left out for its record format and traffic type: ${list}${fix}`,
    );
  }
}
