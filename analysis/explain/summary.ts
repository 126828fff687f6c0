/**
 * A summary of conversations, for inputs too large to read record by record: how many of each
 * verdict, and the refused ones grouped by client address, server and verdict, ranked by
 * records and then bytes (who, to what, how often, which layer), each with its first
 * conversation's sentence. Memory holds one entry per group (at most {@link GROUPS_KEPT} twice
 * over: beyond, the lightest are dropped and the summary says by how much a count may be low),
 * never a record.
 */
import { BoundedTally, type TallyLoss } from "../../constructs/shared/bounded-tally";
import { MARKED, type ExplainedConversation } from "./explained-conversation";
import type { Layer, Sentences, VerdictCode } from "./sentences";
import { detached } from "../../constructs/shared/detached";
import { unmark } from "./marked-text";
import { hostPort } from "./sentences";

/** Verdicts a summary ranks as refused: a layer refused the request or its reply. */
export function isRefusal(verdict: VerdictCode): boolean {
  return verdict.startsWith("REFUSED") || verdict.startsWith("REPLY_REFUSED") || verdict === "LATE_REPLY_OR_SCAN";
}

/** One group of refused conversations. */
export interface RefusedGroup {
  readonly client: string;
  readonly server: { readonly address: string; readonly port: number };
  readonly protocol: string;
  readonly service: string;
  readonly verdict: VerdictCode;
  /** The layers that may have refused them (a group's conversations share them). */
  readonly layers: readonly Layer[];
  conversations: number;
  records: number;
  packets: number;
  bytes: number;
  /** The interfaces it was seen on (a list while short: most groups have one; a set beyond). */
  interfaces: string[] | Set<string>;
  /** What the records say of its first conversation (kept with marks, marked-text.ts, until it is written). */
  readonly sentence: string;
}

/** How many refused groups a summary keeps when there are more (see {@link BoundedTally}). */
export const GROUPS_KEPT = 10_000;

/** How many refused groups a summary shows. */
export const SUMMARY_GROUPS_SHOWN = 20;
/** How many interfaces a group names; the rest are counted. */
const INTERFACES_SHOWN = 3;

/** The summary as `--summary --json` writes it. */
export interface SummaryJson {
  readonly kind: "summary";
  readonly records: number;
  readonly conversations: number;
  readonly problems: number;
  readonly skipped: number;
  readonly verdicts: { verdict: VerdictCode; conversations: number; records: number }[];
  /** Per interface and verdict, connected ones included: by interface, most conversations first, then the verdict (as the query `verdicts-by-interface` orders it). */
  readonly byInterface: { interfaceId: string; verdict: VerdictCode; conversations: number; records: number; bytes: number }[];
  readonly refusedGroups: number;
  readonly refused: (Omit<RefusedGroup, "interfaces"> & { interfaces: string[]; interfaceCount: number; layer: string })[];
  /** Present when there were more groups than memory keeps: how many were dropped, and the most a count may be low. */
  readonly approximate?: TallyLoss;
}

/** Counts conversations as they are judged. */
export class ConversationSummary {
  private readonly verdicts = new Map<VerdictCode, { conversations: number; records: number }>();
  /** Per interface, per verdict: one entry each (interfaces are few beside conversations). */
  private readonly perInterface = new Map<string, Map<VerdictCode, { conversations: number; records: number; bytes: number }>>();
  private readonly refused = new BoundedTally<RefusedGroup>(GROUPS_KEPT, (g) => g.records);

  add(c: ExplainedConversation): void {
    const v = this.verdicts.get(c.verdict) ?? { conversations: 0, records: 0 };
    v.conversations++;
    v.records += c.records;
    this.verdicts.set(c.verdict, v);
    let mine = this.perInterface.get(c.interfaceId);
    if (!mine)
      this.perInterface.set(
        detached(c.interfaceId),
        (mine = new Map<VerdictCode, { conversations: number; records: number; bytes: number }>()),
      );
    const iv = mine.get(c.verdict);
    if (iv) {
      iv.conversations++;
      iv.records += c.records;
      iv.bytes += c.bytes;
    } else mine.set(c.verdict, { conversations: 1, records: c.records, bytes: c.bytes });
    if (!isRefusal(c.verdict)) return;
    const key = `${c.client.address} ${c.server.address} ${c.server.port} ${c.protocol} ${c.verdict} ${c.layers.join(",")}`;
    const g = this.refused.entry(key, () => ({
      client: detached(c.client.address),
      server: { address: detached(c.server.address), port: c.server.port },
      protocol: detached(c.protocol),
      service: detached(c.service),
      verdict: c.verdict,
      layers: c.layers,
      conversations: 0,
      records: 0,
      packets: 0,
      bytes: 0,
      interfaces: [],
      sentence: detached(c[MARKED] ?? c.sentence),
    }));
    g.conversations++;
    g.records += c.records;
    g.packets += c.packets;
    g.bytes += c.bytes;
    const seen = g.interfaces;
    if (Array.isArray(seen)) {
      if (!seen.includes(c.interfaceId)) {
        seen.push(detached(c.interfaceId));
        if (seen.length > 8) g.interfaces = new Set(seen);
      }
    } else if (!seen.has(c.interfaceId)) seen.add(detached(c.interfaceId));
  }

  /** The refused groups, most records first, then most bytes, then by their ends (a stable order). */
  ranked(): RefusedGroup[] {
    return [...this.refused.values()].sort(
      (a, b) =>
        b.records - a.records ||
        b.bytes - a.bytes ||
        a.client.localeCompare(b.client) ||
        a.server.address.localeCompare(b.server.address) ||
        a.server.port - b.server.port ||
        a.verdict.localeCompare(b.verdict) ||
        a.layers.join().localeCompare(b.layers.join()),
    );
  }

  json(counts: { records: number; conversations: number; problems: number; skipped: number }, words: Sentences): SummaryJson {
    return {
      kind: "summary",
      ...counts,
      verdicts: [...this.verdicts].map(([verdict, v]) => ({ verdict, ...v })).sort((a, b) => b.conversations - a.conversations),
      byInterface: [...this.perInterface]
        .flatMap(([interfaceId, verdicts]) => [...verdicts].map(([verdict, v]) => ({ interfaceId, verdict, ...v })))
        .sort(
          (a, b) =>
            (a.interfaceId < b.interfaceId ? -1 : a.interfaceId > b.interfaceId ? 1 : 0) ||
            b.conversations - a.conversations ||
            (a.verdict < b.verdict ? -1 : a.verdict > b.verdict ? 1 : 0),
        ),
      refusedGroups: this.refused.size,
      ...(this.refused.loss ? { approximate: this.refused.loss } : {}),
      refused: this.ranked()
        .slice(0, SUMMARY_GROUPS_SHOWN)
        .map((g) => ({
          ...g,
          sentence: unmark(g.sentence),
          interfaces: [...g.interfaces].slice(0, INTERFACES_SHOWN),
          interfaceCount: Array.isArray(g.interfaces) ? g.interfaces.length : g.interfaces.size,
          layer: words.layer(g.verdict, g.layers),
        })),
    };
  }

  /** The summary as text; with `conversations` false (every record a transit gateway's), its title only. */
  text(
    counts: { records: number; conversations: number; problems: number; skipped: number },
    words: Sentences,
    locale: string,
    conversations = true,
  ): string {
    const n = (x: number) => x.toLocaleString(locale);
    const j = this.json(counts, words);
    const title = words.summary.title({ records: n(j.records), conversations: n(j.conversations), skipped: j.skipped ? n(j.skipped) : "" });
    if (!conversations) return title + "\n";
    const lines = [
      title,
      words.summary.verdicts,
      ...j.verdicts.map(
        (v) =>
          `  ${words.summary.count({ verdict: v.verdict.padEnd(30), conversations: n(v.conversations).padStart(9), records: n(v.records).padStart(11) })}`,
      ),
      j.refused.length > 0
        ? words.summary.refused({ shown: j.refused.length, groups: j.refusedGroups })
        : j.verdicts.length === 0
          ? words.summary.noneJudged
          : words.summary.noneRefused,
      ...(j.approximate ? [words.summary.approximate({ dropped: n(j.approximate.dropped), bound: n(j.approximate.bound) })] : []),
      ...j.refused.map(
        (g, i) =>
          `  ${words.summary.group({
            rank: i + 1,
            from: g.client,
            to: g.server.port > 0 ? hostPort(g.server.address, String(g.server.port)) : g.server.address,
            service: g.service === g.protocol ? g.protocol : `${g.service}, ${g.protocol}`,
            conversations: n(g.conversations),
            records: n(g.records),
            bytes: n(g.bytes),
            layer: g.layer,
            interfaces:
              g.interfaceCount > g.interfaces.length
                ? `${g.interfaces.join(", ")} +${n(g.interfaceCount - g.interfaces.length)}`
                : g.interfaces.join(", "),
          })}`,
      ),
    ];
    return lines.join("\n") + "\n";
  }
}
