/** An estimate as a table for people (`npm run cost`) and as a line of a plan review. */
import type { CostLine, Estimate } from "./estimate";
import { ARCHIVE_USAGE } from "../../constructs/config/fields/usage";
import type { ResolvedUsage } from "../../constructs/config/resolved";

/** Dollars as the tables show them: cents, or four decimals under a cent. */
export function usd(n: number): string {
  const abs = Math.abs(n);
  const text = abs > 0 && abs < 0.01 ? abs.toFixed(4) : abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 ? "-" : ""}$${text}`;
}

function quantity(l: CostLine): string {
  const q = Number.isInteger(l.quantity)
    ? l.quantity.toLocaleString("en-US")
    : l.quantity.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return `${q} ${l.unit}`;
}

/** The unit price as the catalogue quotes it: `$0.76`, `$0.005/1,000`. */
function unitPrice(l: CostLine): string {
  const quoted = Number((l.unitPrice * l.per).toPrecision(4));
  return l.per > 1 ? `$${quoted}/${l.per.toLocaleString("en-US")}` : `$${quoted}`;
}

/** The width the text table fits in (a terminal, a pull-request comment's code block). */
export const TABLE_WIDTH = 120;

/** A cell cut to `width` characters from the left, `…` first (a path's end tells most: the resource, the endpoint). */
function fit(cell: string, width: number): string {
  return cell.length <= width ? cell : `…${cell.slice(cell.length - width + 1)}`;
}

function table(rows: string[][], indent: number): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  // The first column gives way so that a line fits TABLE_WIDTH.
  const others = widths.slice(1).reduce((a, b) => a + b + 2, 0);
  widths[0] = Math.max(24, Math.min(widths[0], TABLE_WIDTH - indent - 2 - others));
  rows = rows.map((r) => [fit(r[0], widths[0]), ...r.slice(1)]);
  const right = new Set([2, 3, 4]);
  return rows.map((r) =>
    r
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

/** A paragraph in lines of at most TABLE_WIDTH characters, broken at spaces. */
function wrapped(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(" ")) {
    const indent = lines.length === 0 ? first : rest;
    if (line.length > indent.length && line.length + 1 + word.length > TABLE_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else line = line.length > indent.length ? `${line} ${word}` : line + word;
  }
  lines.push(line);
  return lines;
}

/** The assumptions of an estimate in one line. */
export function assumptionsLine(e: Estimate): string {
  // The organisation's archive: its own fields, then what each member delivers by its own usage.
  const fields = e.inflow ? Object.keys(ARCHIVE_USAGE.fields) : Object.keys(e.usage);
  const own = fields.map((k) => `${k} ${String(e.usage[k as keyof ResolvedUsage])}`).join(", ");
  if (!e.inflow) return own;
  const deliveries = e.inflow.deliveries.map(
    (d) =>
      `${d.environment} ${d.flowLogs} flow log(s) × ${d.gbPerDay} GB/day${d.trafficType === "ALL" ? "" : ` (${d.trafficType}, rejectedShare ${d.rejectedShare})`}, archiveStoredShare ${d.storedShare}`,
  );
  return `${own}; members' deliveries, each by its own usage: ${deliveries.length > 0 ? deliveries.join("; ") : "none"}`;
}

/**
 * One estimate as a plain-text table: a line per resource and item, most costly first, named by
 * construct path; the total, the assumptions, the prices' date. Fits 120 columns.
 */
export function renderEstimate(e: Estimate): string {
  const rows = [["Resource", "Item", "Quantity", "Unit price", "Monthly"]];
  const byCost = [...e.lines].sort((a, b) => b.monthly - a.monthly || a.resource.localeCompare(b.resource) || a.item.localeCompare(b.item));
  for (const l of byCost) {
    const free =
      l.free <= 0 ? "" : l.free >= l.quantity ? " (free)" : ` (${l.free.toLocaleString("en-US", { maximumFractionDigits: 2 })} free)`;
    rows.push([l.resource, l.item, quantity(l) + free, unitPrice(l), usd(l.monthly)]);
  }
  rows.push(["Total", "", "", "", usd(e.total)]);
  const out = [`${e.environment} (${e.region}): ${usd(e.total)} a month`, "", ...table(rows, 2).map((r) => `  ${r}`), ""];
  const prose: string[] = [`Usage (${e.usageSource}): ${assumptionsLine(e)}`];
  const free = Object.entries(e.free).map(([type, n]) => `${n} ${type}`);
  if (free.length > 0) prose.push(`No charge of their own: ${free.join(", ")}`);
  for (const n of e.notes) prose.push(`Note: ${n}`);
  prose.push(
    `Prices: tools/cost/prices.json, read ${e.pricesRead}, on-demand USD before tax; data transfer between AZs and to the internet, and requests by other tools, are not included`,
  );
  if (e.unconfirmed.length > 0)
    prose.push(`Not yet checked against a copy of AWS's page for ${e.region}: ${[...new Set(e.unconfirmed)].join(", ")}`);
  for (const p of prose) out.push(...wrapped(p, "  ", "    "));
  return out.join("\n") + "\n";
}

/** How each line of an estimate is computed, for `--explain`. */
export function renderBasis(e: Estimate): string {
  return e.lines.map((l) => `  ${l.resource} ${l.item}: ${l.basis} = ${usd(l.monthly)}`).join("\n") + "\n";
}
