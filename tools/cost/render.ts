/** An estimate as a table for people (`npm run cost`) and as a line of a plan review. */
import type { CostLine, Estimate } from "./estimate";

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

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const right = new Set([2, 3, 4]);
  return rows.map((r) =>
    r
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

/** The assumptions of an estimate in one line. */
export function assumptionsLine(e: Estimate): string {
  return Object.entries(e.usage)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(", ");
}

/** One estimate as a plain-text table: a line per resource and item, the total, the assumptions, the prices' date. */
export function renderEstimate(e: Estimate): string {
  const rows = [["Resource", "Item", "Quantity", "Unit price", "Monthly"]];
  for (const l of e.lines) {
    const free = l.free > 0 ? ` (${l.free.toLocaleString("en-US", { maximumFractionDigits: 2 })} free)` : "";
    rows.push([l.address, l.item, quantity(l) + free, unitPrice(l), usd(l.monthly)]);
  }
  rows.push(["Total", "", "", "", usd(e.total)]);
  const out = [`${e.environment} (${e.region}): ${usd(e.total)} a month`, "", ...table(rows).map((r) => `  ${r}`), ""];
  out.push(`  Usage (${e.usageSource}): ${assumptionsLine(e)}`);
  const free = Object.entries(e.free).map(([type, n]) => `${n} ${type}`);
  if (free.length > 0) out.push(`  No charge of their own: ${free.join(", ")}`);
  for (const n of e.notes) out.push(`  Note: ${n}`);
  out.push(
    `  Prices: tools/cost/prices.json, read ${e.pricesRead}, on-demand USD before tax; data transfer between AZs and to the internet, and requests by other tools, are not included`,
  );
  if (e.unconfirmed.length > 0)
    out.push(`  Not yet checked against a copy of AWS's page for ${e.region}: ${[...new Set(e.unconfirmed)].join(", ")}`);
  return out.join("\n") + "\n";
}

/** How each line of an estimate is computed, for `--explain`. */
export function renderBasis(e: Estimate): string {
  return e.lines.map((l) => `  ${l.address} ${l.item}: ${l.basis} = ${usd(l.monthly)}`).join("\n") + "\n";
}
