/**
 * The organisation's member VPCs as a table Athena reads: one CSV object (`member-networks/
 * networks.csv`: environment, account, block, and the block's first and last address as
 * numbers) and a Glue table over it. The query of traffic between member VPCs joins the records
 * with it by address range, so its text names no member: a member that joins changes the object
 * in place, never the query (Athena named queries cannot be updated, only replaced). Members
 * whose blocks overlap are left out by the stack (an address in two blocks cannot say whose it
 * is).
 *
 * The object is data Terraform writes and rewrites, so it lives in a bucket of reference data
 * of its own, never in the archive: with Object Lock on the archive, each rewrite would leave a
 * locked version behind, and a removal (fewer than two members) would make Terraform delete
 * locked versions and the apply fail; and the archive's expiry would empty the table. Archives
 * deployed before held it in the archive bucket: {@link forgetArchivedMemberNetworks} has
 * Terraform forget that object there, without deleting it.
 */
import { Construct } from "constructs";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import type { ITerraformDependable } from "cdktf";
import { blockSize, parseCidr, type Ipv4Cidr } from "../shared/cidr";
import { forget } from "../shared/forgotten";

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

/** The object's text: a line per member (no header: Athena's text reader would read it as a row), by environment. */
export function memberNetworksCsv(networks: readonly MemberNetwork[]): string {
  return [...networks]
    .sort((a, b) => a.environment.localeCompare(b.environment))
    .map((m) => {
      // Validated blocks: the members' resolved network.cidr.
      const c = parseCidr(m.cidr) as Ipv4Cidr;
      return `${m.environment},${m.accountId},${m.cidr},${c.base},${c.base + blockSize(c.prefix) - 1}\n`;
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

/**
 * Has Terraform forget the object an archive deployed before this layout kept in its own bucket
 * (construct `member-networks-object` under `scope`): a `removed` block that keeps it, since
 * deleting it may be refused by Object Lock. A no-op where no such object is in the state.
 */
export function forgetArchivedMemberNetworks(scope: Construct): void {
  forget(
    scope,
    "member-networks-object",
    // Stryker disable next-line ObjectLiteral,StringLiteral: only its address is kept (the removed block); the resource is taken away before synth
    () => new S3Object(scope, "member-networks-object", { bucket: "archive", key: MEMBER_NETWORKS_KEY }),
  );
}

/** The object of the members' blocks and the table over it, in the organisation's database. */
export function memberNetworksTable(
  scope: Construct,
  props: {
    readonly databaseName: string;
    /** The bucket of reference data the object lives in: never the archive (see the module's comment). */
    readonly bucketName: string;
    /** The bucket's key: the object is encrypted with it whether or not the bucket's default encryption is in place yet. */
    readonly keyArn?: string;
    readonly networks: readonly MemberNetwork[];
    /** The bucket's resources, which the object needs first. */
    readonly dependsOn: ITerraformDependable[];
  },
): { object: S3Object; table: GlueCatalogTable } {
  const object = new S3Object(scope, "member-networks-csv", {
    bucket: props.bucketName,
    key: MEMBER_NETWORKS_KEY,
    content: memberNetworksCsv(props.networks),
    contentType: "text/csv",
    ...(props.keyArn ? { serverSideEncryption: "aws:kms", kmsKeyId: props.keyArn } : {}),
    dependsOn: props.dependsOn,
  });
  const table = new GlueCatalogTable(scope, "member-networks-table", {
    databaseName: props.databaseName,
    name: MEMBER_NETWORKS_TABLE,
    description: `The organisation's member VPCs (environment, account, block), written from the config to s3://${props.bucketName}/${MEMBER_NETWORKS_KEY}`,
    tableType: "EXTERNAL_TABLE",
    parameters: { EXTERNAL: "TRUE", classification: "csv" },
    storageDescriptor: {
      location: `s3://${props.bucketName}/${MEMBER_NETWORKS_PREFIX}`,
      inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
      outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      serDeInfo: {
        serializationLibrary: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        parameters: { "field.delim": ",", "serialization.format": "," },
      },
      columns: MEMBER_NETWORKS_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
    },
  });
  return { object, table };
}
