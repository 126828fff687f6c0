/**
 * The results of the verdict queries (athena/verdict-queries.ts: `refused-conversations-by-layer`,
 * `verdicts-by-interface`, `verdicts-by-account`), as Athena writes them (CSV, or the JSON of
 * `get-query-results`): each row said as the explainer says a conversation, with its counts.
 * Their columns are the queries' own; a result is one of them when it has `verdict` and
 * `conversations`.
 */
import { RECORDS_VERDICTS, type RecordsVerdict } from "../../constructs/records/verdicts";
import { PROTOCOLS, SERVICES } from "../../constructs/records/vocabulary";
import { LAYERS, type Layer, type Sentences } from "./sentences";
import { layersOf } from "./conversations";

/** One row of a verdict query's result. */
export interface JudgedRow {
  readonly account?: string;
  readonly interfaceId?: string;
  readonly client?: string;
  readonly server?: string;
  readonly serverPort?: number;
  readonly protocol?: number;
  readonly verdict: RecordsVerdict;
  /** The layers the verdict leaves open, where the result gives them (`layers`). */
  readonly layers?: readonly Layer[];
  readonly conversations: number;
  readonly records: number;
  readonly bytes: number;
  /** The first and last second seen, as Athena writes a timestamp (`2026-12-05 10:00:00.000 UTC`). */
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

/** A row of a verdict query's result, said. */
export interface ExplainedJudgedRow extends JudgedRow {
  readonly kind: "judged";
  /** The row's number in its result (the header is not counted), and its file. */
  readonly line: number;
  readonly source?: string;
  readonly layers: readonly Layer[];
  readonly sentence: string;
}

/** The query's columns a row is read from, by name. */
const COLUMNS = {
  account: "aws_account",
  interfaceId: "interface_id",
  client: "client",
  server: "server",
  serverPort: "server_port",
  protocol: "protocol",
  verdict: "verdict",
  layers: "layers",
  conversations: "conversations",
  records: "records",
  bytes: "bytes",
  firstSeen: "first_seen",
  lastSeen: "last_seen",
} as const;

/** Where each column of a verdict query's result is, or undefined when the columns are not such a result's. */
export function judgedColumns(names: readonly string[]): Partial<Record<keyof typeof COLUMNS, number>> | undefined {
  const at = new Map(names.map((n, i) => [n.trim().toLowerCase(), i]));
  if (!at.has(COLUMNS.verdict) || !at.has(COLUMNS.conversations)) return undefined;
  return Object.fromEntries(
    Object.entries(COLUMNS)
      .filter(([, column]) => at.has(column))
      .map(([key, column]) => [key, at.get(column)!]),
  );
}

/** A result row's values as a judged row; throws with the reason when its verdict or counts cannot be read. */
export function judgedRowOf(columns: Partial<Record<keyof typeof COLUMNS, number>>, values: readonly (string | null)[]): JudgedRow {
  const text = (key: keyof typeof COLUMNS) => {
    const i = columns[key];
    const v = i === undefined ? undefined : values[i];
    return v === null || v === undefined || v === "" ? undefined : v;
  };
  // A column of digits (a count, a port, a protocol), or undefined where the row leaves it empty.
  const digits = (key: "conversations" | "records" | "bytes" | "serverPort" | "protocol", what: string) => {
    const v = text(key);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`${COLUMNS[key]} "${v.slice(0, 40)}" is not ${what}`);
    return Number(v);
  };
  const count = (key: "conversations" | "records" | "bytes") => digits(key, "a count") ?? 0;
  const verdict = text("verdict");
  if (!verdict || !(RECORDS_VERDICTS as readonly string[]).includes(verdict))
    throw new Error(`verdict "${(verdict ?? "").slice(0, 40)}" is not one records alone give (${RECORDS_VERDICTS.join(", ")})`);
  const number = (key: "serverPort" | "protocol") => digits(key, "a number");
  const row: { -readonly [K in keyof JudgedRow]: JudgedRow[K] } = {
    verdict: verdict as RecordsVerdict,
    conversations: count("conversations"),
    records: count("records"),
    bytes: count("bytes"),
  };
  for (const key of ["account", "interfaceId", "client", "server", "firstSeen", "lastSeen"] as const) {
    const v = text(key);
    if (v !== undefined) row[key] = v;
  }
  const layers = text("layers");
  if (layers !== undefined) {
    const named = layers.split(",").map((l) => l.trim());
    const unknown = named.filter((l) => !(LAYERS as readonly string[]).includes(l));
    if (unknown.length > 0) throw new Error(`layers "${layers.slice(0, 60)}" name no layer (${LAYERS.join(", ")})`);
    row.layers = named as Layer[];
  }
  const serverPort = number("serverPort");
  if (serverPort !== undefined) row.serverPort = serverPort;
  const protocol = number("protocol");
  if (protocol !== undefined) row.protocol = protocol;
  return row;
}

/** A judged row said: the conversation's sentence where the row names its ends, else its verdict's layer; then its counts. */
export function explainJudgedRow(row: JudgedRow, words: Sentences, line: number, source?: string): ExplainedJudgedRow {
  const layers = row.layers ?? layersOf(row.verdict, false);
  const counts = words.judged.counts({
    conversations: row.conversations.toLocaleString("en-US"),
    records: row.records.toLocaleString("en-US"),
    bytes: row.bytes.toLocaleString("en-US"),
    ...(row.firstSeen ? { first: row.firstSeen } : {}),
    ...(row.lastSeen ? { last: row.lastSeen } : {}),
    ...(row.account ? { account: row.account } : {}),
    ...(row.interfaceId ? { interfaceId: row.interfaceId } : {}),
  });
  let sentence: string;
  if (row.client !== undefined && row.server !== undefined) {
    const protocolNumber = row.protocol ?? 0;
    const protocol = PROTOCOLS[protocolNumber] ?? `protocol ${protocolNumber}`;
    const port = row.serverPort ?? 0;
    const portless = protocolNumber === 1 || protocolNumber === 58;
    sentence = words.verdict[row.verdict]({
      client: words.endpoint(row.client, ""),
      clientAddress: row.client,
      server: words.endpoint(row.server, port > 0 ? String(port) : ""),
      service: SERVICES[port] ?? (port > 0 ? String(port) : protocol),
      protocol,
      serverPort: String(port),
      interfaceId: row.interfaceId ?? "",
      portless,
      protocolNumber,
      layers,
      bpaPossible: layers.includes("block-public-access"),
    });
  } else {
    sentence = words.judged.of({ who: row.account ?? row.interfaceId ?? "", layer: words.layer(row.verdict, layers) });
  }
  return { kind: "judged", line, ...(source ? { source } : {}), ...row, layers, sentence: `${sentence} ${counts}` };
}
