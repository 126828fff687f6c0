/**
 * The report page: one HTML file, self-contained (the charts inline SVG, the style inline, no
 * script, font, image or link to fetch), readable offline and attachable to a ticket. Each
 * chart has its numbers beside it in a table, which a screen reader and a copy-paste can use.
 */
import { hostPort } from "../explain/sentences";
import type { Language } from "../explain/sentences";
import type { TallyLoss } from "../../constructs/shared/bounded-tally";
import type { ReportData } from "./aggregate";
import { bytesText, type Chart } from "./charts";
import type { ReportWords } from "./words";
import type { JudgedData } from "./judged";
import type { TransitGatewayReportData, TransitGatewayWords } from "./transit-gateway";

/** Text as HTML writes it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", system-ui, sans-serif; margin: 2rem; color: #1b1b1b; max-width: 72rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
section > div { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.9rem; } th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
p.meta, p.note { color: #555; }
`;

/** A count of bytes in a table: shown in a unit people read, the exact count kept in `data-bytes`. */
interface Bytes {
  readonly bytes: number;
}

/** A table: a caption, the header cells, the rows (a number is right-aligned and grouped; bytes in their unit). */
function table(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly (string | number | Bytes)[])[],
  locale: string,
): string {
  const cell = (v: string | number | Bytes) =>
    typeof v === "number"
      ? `<td class="n">${v.toLocaleString(locale)}</td>`
      : typeof v === "object"
        ? `<td class="n" data-bytes="${v.bytes}">${bytesText(v.bytes, locale)}</td>`
        : `<td>${escapeHtml(v)}</td>`;
  return (
    `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("")}</tbody></table>`
  );
}

/** The page's parts. */
export interface PageInput {
  readonly data: ReportData;
  readonly charts: readonly Chart[];
  readonly words: ReportWords;
  readonly language: Language;
  readonly timeZone: string;
  readonly sources: readonly string[];
  readonly problems: number;
  readonly binLabel: (start: number) => string;
  /** A verdict query's result, when the input held one (judged.ts). */
  readonly judged?: { readonly data: JudgedData; readonly rows: number; readonly conversations: number };
  /** The transit gateway records' section, when the input held such records (transit-gateway.ts). */
  readonly transitGateway?: { readonly data: TransitGatewayReportData; readonly words: TransitGatewayWords };
}

/** The page. */
export function reportPage(p: PageInput): string {
  const { data, words: w } = p;
  const locale = p.language === "ja" ? "ja-JP" : "en-US";
  const n = (x: number) => x.toLocaleString(locale);
  const chart = (id: string) => {
    const c = p.charts.find((x) => x.id === id);
    return c ? `<figure id="chart-${id}" aria-label="${escapeHtml(c.title)}">${c.svg}</figure>` : "";
  };
  // Where a tally dropped entries to stay bounded, the reader is told by how much a figure may be low.
  const note = (loss: TallyLoss | undefined, unit: string) =>
    loss ? `<p class="note">${escapeHtml(w.approximate({ dropped: n(loss.dropped), bound: n(loss.bound), unit }))}</p>` : "";
  const sections: string[] = [];
  if (data.topTalkers.length > 0)
    sections.push(
      `<section id="top-talkers"><h2>${escapeHtml(w.topTalkers.title)}</h2><div>${chart("top-talkers")}` +
        table(
          w.chartTable,
          [w.topTalkers.source, w.topTalkers.destination, w.bytes, w.flows],
          data.topTalkers.map((t) => [t.source, t.destination, { bytes: t.bytes }, t.flows]),
          locale,
        ) +
        `</div>${note(data.approximate.talkers, w.bytes)}</section>`,
    );
  if (data.overTime.length > 0)
    sections.push(
      `<section id="over-time"><h2>${escapeHtml(w.overTime.title)}</h2><div>${chart("over-time")}` +
        table(
          w.chartTable,
          [w.overTime.time, w.flows, w.rejected],
          data.overTime.map((b) => [p.binLabel(b.start), b.flows, b.rejected]),
          locale,
        ) +
        `</div></section>`,
    );
  if (data.verdicts.length > 0)
    sections.push(
      `<section id="verdicts"><h2>${escapeHtml(w.verdicts.title)}</h2><div>${chart("verdicts")}` +
        table(
          w.chartTable,
          [w.verdicts.interface, w.verdicts.verdict, w.conversations],
          data.verdicts.map((v) => [v.interfaceId, v.verdict, v.conversations]),
          locale,
        ) +
        `</div></section>`,
    );
  if (data.topPorts.length > 0)
    sections.push(
      `<section id="ports"><h2>${escapeHtml(w.ports.title)}</h2><div>${chart("ports")}` +
        table(
          w.chartTable,
          [w.ports.port, w.ports.protocol, w.ports.service, w.bytes, w.flows],
          data.topPorts.map((x) => [String(x.port), String(x.protocol), x.service ?? "", { bytes: x.bytes }, x.flows]),
          locale,
        ) +
        `</div>${note(data.approximate.ports, w.bytes)}</section>`,
    );
  const j = p.judged;
  if (j) {
    const jw = w.judged;
    const who = j.data.byAccount ? jw.account : w.verdicts.interface;
    if (j.data.refusedBy.length > 0)
      sections.push(
        `<section id="refused-by-layer"><h2>${escapeHtml(jw.byLayer(j.data.byAccount))}</h2><div>${chart("refused-by-layer")}` +
          table(
            w.chartTable,
            [who, w.verdicts.verdict, w.refused.layer, w.conversations, w.records],
            j.data.refusedBy.map((r) => [r.who, r.verdict, r.layer, r.conversations, r.records]),
            locale,
          ) +
          `</div></section>`,
      );
    if (j.data.pairs.length > 0)
      sections.push(
        `<section id="refused-pairs"><h2>${escapeHtml(jw.pairs)}</h2><div>${chart("refused-pairs")}</div>` +
          table(
            w.refusedTable,
            [jw.rank, who, w.refused.client, w.refused.server, w.refused.layer, w.conversations, w.records, w.bytes, w.refused.sentence],
            j.data.pairs.map((r, i) => [
              i + 1,
              r.who,
              r.client,
              r.server,
              `${r.verdict}: ${r.layer}`,
              r.conversations,
              r.records,
              { bytes: r.bytes },
              r.sentence,
            ]),
            locale,
          ) +
          `</section>`,
      );
    if (j.data.share.length > 0)
      sections.push(
        `<section id="verdict-share"><h2>${escapeHtml(jw.share)}</h2><div>${chart("verdict-share")}` +
          table(
            w.chartTable,
            [w.verdicts.verdict, w.conversations, jw.percent, w.records],
            j.data.share.map((s) => [
              s.verdict,
              s.conversations,
              s.percent.toLocaleString(locale, { maximumFractionDigits: 1 }),
              s.records,
            ]),
            locale,
          ) +
          `</div></section>`,
      );
  }
  const t = p.transitGateway;
  if (t) {
    const tw = t.words;
    const lossRows = t.data.lossTotals.filter((l) => l.records > 0);
    sections.push(
      `<section id="transit-gateway"><h2>${escapeHtml(tw.title)}</h2>` +
        (t.data.pairs.length > 0
          ? `<h3>${escapeHtml(tw.traffic)}</h3><div id="transit-gateway-traffic">${chart("transit-gateway-traffic")}` +
            table(
              w.chartTable,
              [tw.from, tw.to, tw.bytes, tw.packets, tw.records],
              t.data.pairs.map((q) => [q.from, q.to, { bytes: q.bytes }, q.packets, q.records]),
              locale,
            ) +
            `</div>${note(t.data.pairsLoss, tw.bytes)}`
          : "") +
        `<h3>${escapeHtml(tw.losses)}</h3>` +
        (lossRows.length > 0
          ? `<div id="transit-gateway-losses">${chart("transit-gateway-losses")}` +
            table(
              tw.totals,
              [tw.cause, tw.packets, tw.records],
              lossRows.map((l) => [tw.causes[l.cause], l.packets, l.records]),
              locale,
            ) +
            `</div>`
          : `<p>${escapeHtml(tw.noLosses)}</p>`) +
        `</section>`,
    );
  }
  const refusedTitle = w.refused.title({ shown: data.refused.length, groups: data.refusedGroups });
  // A page of a verdict query's result, or of transit gateway records, alone has no records' refused groups to list.
  if ((!j && !t) || data.records > 0)
    sections.push(
      `<section id="refused"><h2>${escapeHtml(data.refused.length > 0 ? refusedTitle : w.refused.none)}</h2>` +
        (data.refused.length > 0
          ? table(
              w.refusedTable,
              [
                w.refused.rank,
                w.refused.client,
                w.refused.server,
                w.refused.layer,
                w.conversations,
                w.records,
                w.bytes,
                w.refused.sentence,
              ],
              data.refused.map((g, i) => [
                i + 1,
                g.client,
                g.server.port > 0
                  ? hostPort(g.server.address, String(g.server.port)) + ` (${g.service})`
                  : `${g.server.address} (${g.protocol})`,
                `${g.verdict}: ${g.layer}`,
                g.conversations,
                g.records,
                { bytes: g.bytes },
                g.sentence,
              ]),
              locale,
            )
          : "") +
        note(data.approximate.refused, w.records) +
        `</section>`,
    );
  return (
    `<!DOCTYPE html>\n<html lang="${p.language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(w.title)}</title><style>${STYLE}</style></head><body>` +
    `<h1>${escapeHtml(w.title)}</h1>` +
    (j && data.records === 0
      ? `<p class="meta">${escapeHtml(w.judged.generated({ rows: n(j.rows), conversations: n(j.conversations), problems: n(p.problems) }))}</p>`
      : `<p class="meta">${escapeHtml(w.generated({ records: n(data.records + (t?.data.records ?? 0)), conversations: n(data.conversations), problems: n(p.problems), zone: p.timeZone }))}</p>`) +
    `<p class="meta">${escapeHtml(w.sources)}: ${p.sources.map((s) => `<code>${escapeHtml(s)}</code>`).join(", ")}</p>` +
    (data.records === 0 && !j && !t ? `<p>${escapeHtml(w.noRecords)}</p>` : "") +
    sections.join("\n") +
    `</body></html>\n`
  );
}
