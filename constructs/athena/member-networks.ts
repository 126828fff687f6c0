/**
 * The organisation's member VPCs as a table Athena reads: one CSV object in the archive bucket
 * (`member-networks/networks.csv`: environment, account, block, and the block's first and last
 * address as numbers) and a Glue table over it. The query of traffic between member VPCs joins
 * the records with it by address range, so its text names no member: a member that joins
 * changes the object in place, never the query (Athena named queries cannot be updated, only
 * replaced).
 */
import { parseCidr } from "../shared/cidr";

/** A member environment's VPC: its name, account and IPv4 block. */
export interface MemberNetwork {
  readonly environment: string;
  readonly accountId: string;
  readonly cidr: string;
}

/** The table's name, in the organisation's database. */
export const MEMBER_NETWORKS_TABLE = "member_networks";
/** The folder of its one object, at the archive bucket's root (apart from AWSLogs/). */
export const MEMBER_NETWORKS_PREFIX = "member-networks/";
/** Its object's key. */
export const MEMBER_NETWORKS_KEY = `${MEMBER_NETWORKS_PREFIX}networks.csv`;

/** The table's columns, in the object's order. */
export const MEMBER_NETWORKS_COLUMNS = [
  { name: "environment", type: "string" },
  { name: "account", type: "string" },
  { name: "cidr", type: "string" },
  { name: "first_address", type: "bigint" },
  { name: "last_address", type: "bigint" },
] as const;

/**
 * The members whose blocks overlap no other member's: an address in two members' blocks cannot
 * say which it is (accounts often reuse 10.0.0.0/16), so those members are left out.
 */
export function distinctNetworks(networks: readonly MemberNetwork[]): { kept: MemberNetwork[]; overlapping: MemberNetwork[] } {
  const range = (m: MemberNetwork) => {
    const c = parseCidr(m.cidr);
    if ("error" in c) throw new Error(`member "${m.environment}": network.cidr = ${m.cidr}: ${c.error}`);
    return [c.base, c.base + 2 ** (32 - c.prefix) - 1] as const;
  };
  const overlaps = (a: MemberNetwork, b: MemberNetwork) => {
    const [a0, a1] = range(a);
    const [b0, b1] = range(b);
    return a0 <= b1 && b0 <= a1;
  };
  const overlapping = networks.filter((m) => networks.some((o) => o !== m && overlaps(m, o)));
  return { kept: networks.filter((m) => !overlapping.includes(m)), overlapping };
}

/** The object's text: a line per member (no header: Athena's text reader would read it as a row), by environment. */
export function memberNetworksCsv(networks: readonly MemberNetwork[]): string {
  return [...networks]
    .sort((a, b) => a.environment.localeCompare(b.environment))
    .map((m) => {
      const c = parseCidr(m.cidr);
      if ("error" in c) throw new Error(`member "${m.environment}": network.cidr = ${m.cidr}: ${c.error}`);
      return `${m.environment},${m.accountId},${m.cidr},${c.base},${c.base + 2 ** (32 - c.prefix) - 1}\n`;
    })
    .join("");
}

/**
 * An IPv4 address column as a number, null for anything else (IPv6, `-`): a CASE, so that the
 * casts run only on dotted quads (Athena fails a query on a failed cast). `split_part` and
 * `CAST`, which Athena and the DuckDB stand-in read alike.
 */
export function ipv4Number(column: string): string {
  const octet = (i: number) => `CAST(split_part(${column}, '.', ${i}) AS BIGINT)`;
  return (
    `CASE WHEN regexp_like(${column}, '^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$') ` +
    `THEN ${octet(1)} * 16777216 + ${octet(2)} * 65536 + ${octet(3)} * 256 + ${octet(4)} END`
  );
}
