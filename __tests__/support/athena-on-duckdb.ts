/**
 * An Athena stand-in for tests: DuckDB over an S3 archive laid out on local disk, with the
 * synthesized Glue table as the only description of where and what the records are.
 *
 * - Files are written as AWS writes them: Parquet with AWS's physical types (from AWS's VPC
 *   guide, not from the table), or gzip text under a header line, under AWS's keys.
 * - The table is a view built from the Glue table: its columns by position and type, its
 *   partitions read with DuckDB's Hive partitioning (Hive layouts) or from the projection's
 *   template expanded for each date folder (other layouts), as Athena's projection does.
 * - Plain text is read as Hive's LazySimpleSerDe reads it: every value a string, a number
 *   column that does not parse (`-`) is NULL.
 * - The shim: the two Trino functions the queries use that DuckDB names otherwise, as macros.
 *   The queries' text runs unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { FLOW_LOG_FIELDS, isFlowLogField, RecordFormat } from "../../constructs/records/record-format";
import { TRANSIT_GATEWAY_FIELDS, type AnyRecordFormat, type TransitGatewayField } from "../../constructs/records/transit-gateway-format";
import { awsKeyPrefix, dateParts, expandTemplate } from "./aws-archive-layout";
import type { EnvironmentConfig } from "../../constructs";
import type { FlowRecord } from "./flow-records";
import { TRINO_SHIM } from "../../tools/athena/trino-shim";

export { TRINO_SHIM };

/**
 * The Parquet types AWS writes (VPC guide, "Parquet file format"): INT_32 for these, INT_64
 * for packets, bytes, start and end, UTF-8 strings for every other field. Transit gateway
 * records (their guide's table) write the protocol and the loss counters as INT_64.
 */
const AWS_INT32 = new Set<string>(["version", "srcport", "dstport", "protocol", "tcp-flags", "traffic-path"]);
const AWS_INT64 = new Set<string>(["packets", "bytes", "start", "end"]);
const awsParquetType = (f: string, transitGateway: boolean) =>
  AWS_INT32.has(f) && !(transitGateway && f === "protocol")
    ? "INTEGER"
    : AWS_INT64.has(f) || (transitGateway && (f === "protocol" || f.startsWith("packets-lost-")))
      ? "BIGINT"
      : "VARCHAR";
/** A field's kind in its family's catalogue. */
const kindOf = (f: string) => (isFlowLogField(f) ? FLOW_LOG_FIELDS[f].kind : TRANSIT_GATEWAY_FIELDS[f as TransitGatewayField].kind);

/**
 * The physical Parquet types each Glue type reads: Athena widens an INT32 to bigint, but fails
 * on an INT64 read as int.
 */
export const READABLE_PHYSICAL_TYPES: Record<string, readonly string[]> = {
  int: ["INT32"],
  bigint: ["INT32", "INT64"],
  string: ["BYTE_ARRAY"],
};

/** The Glue table as synthesized (Terraform JSON of `aws_glue_catalog_table`). */
export interface GlueTableJson {
  name: string;
  parameters: Record<string, string>;
  partition_keys: { name: string; type: string }[];
  storage_descriptor: { location: string; columns: { name: string; type: string }[] };
}

/** The bucket and folder a table's location is under (before `AWSLogs/`). */
const bucketAndFolderOf = (table: GlueTableJson) => table.storage_descriptor.location.replace(/^s3:\/\//, "").split("/AWSLogs/")[0];

/** One partition folder of a table: its hour, and the values of partition columns the hour does not give (an organisation's account and region). */
export interface PartitionFolder {
  readonly hour: Date;
  readonly given: Record<string, string>;
}

/** DuckDB's type for a Glue column type. */
const DUCKDB_TYPE: Record<string, string> = { int: "INTEGER", bigint: "BIGINT", string: "VARCHAR" };

/** A record and the hour whose folder it is delivered to. */
export interface ArchivedRecord {
  readonly record: FlowRecord;
  readonly hour: Date;
}

/** A record of either family (its values by field name) and its hour. */
export interface AnyArchivedRecord {
  readonly record: Readonly<Partial<Record<string, string>>>;
  readonly hour: Date;
}

const sqlString = (v: string) => `'${v.replace(/'/g, "''")}'`;

export class AthenaOnDuckDb {
  private constructor(
    private readonly db: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** The directory that stands for S3: `s3://bucket/key` is `<root>/bucket/key`. */
    readonly root: string,
  ) {}

  static async create(root: string): Promise<AthenaOnDuckDb> {
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    for (const statement of TRINO_SHIM) await connection.run(statement);
    return new AthenaOnDuckDb(db, connection, root);
  }

  close(): void {
    this.connection.closeSync();
    this.db.closeSync();
  }

  /** The local path of an `s3://` URL. */
  local(url: string): string {
    return path.join(this.root, url.replace(/^s3:\/\//, ""));
  }

  /**
   * Writes records as a flow log delivers them: one object per hour folder, named as AWS names
   * them, at the prefix `prefixOf(hour)` (AWS's layout, computed by the caller).
   */
  async writeArchive(
    format: AnyRecordFormat,
    fileFormat: "parquet" | "plain-text",
    records: readonly AnyArchivedRecord[],
    prefixOf: (hour: Date) => string,
  ): Promise<void> {
    const fields: readonly string[] = format.fields;
    const transitGateway = format.records === "transit-gateway";
    const byHour = new Map<number, AnyArchivedRecord["record"][]>();
    for (const r of records) {
      const hour = r.hour.getTime();
      if (!byHour.has(hour)) byHour.set(hour, []);
      byHour.get(hour)!.push(r.record);
    }
    for (const [hour, recs] of byHour) {
      const dir = this.local(prefixOf(new Date(hour)));
      fs.mkdirSync(dir, { recursive: true });
      const { year, month, day, hour: hh } = dateParts(new Date(hour));
      const name = `111111111111_vpcflowlogs_ap-northeast-1_fl-0123456789abcdef0_${year}${month}${day}T${hh}00Z_${hour.toString(16)}`;
      if (fileFormat === "plain-text") {
        const lines = [fields.join(" "), ...recs.map((r) => fields.map((f) => r[f] ?? "-").join(" "))];
        fs.writeFileSync(path.join(dir, `${name}.log.gz`), zlib.gzipSync(`${lines.join("\n")}\n`));
        continue;
      }
      // Parquet: AWS's column names (underscores) and physical types; "-" (not applicable) is null.
      const columns = fields.map((f) => `"${f.replace(/-/g, "_")}" ${awsParquetType(f, transitGateway)}`);
      const rows = recs.map(
        (r) =>
          `(${fields
            .map((f) => {
              const v = r[f];
              if (v === undefined || v === "-") return "NULL";
              return kindOf(f) === "number" ? String(BigInt(v)) : sqlString(v);
            })
            .join(", ")})`,
      );
      await this.connection.run(`CREATE OR REPLACE TEMP TABLE delivery (${columns.join(", ")})`);
      await this.connection.run(`INSERT INTO delivery VALUES ${rows.join(",\n")}`);
      await this.connection.run(`COPY delivery TO ${sqlString(path.join(dir, `${name}.log.parquet`))} (FORMAT parquet, COMPRESSION gzip)`);
    }
    await this.connection.run("DROP TABLE IF EXISTS delivery");
  }

  /** The physical type of each column of the Parquet files under a table's location. */
  async parquetTypes(table: GlueTableJson): Promise<Record<string, string>> {
    const glob = sqlString(path.join(this.local(table.storage_descriptor.location), "**", "*.parquet"));
    const rows = (
      await this.connection.runAndReadAll(`SELECT DISTINCT name, type FROM parquet_schema(${glob}) WHERE type IS NOT NULL`)
    ).getRowObjectsJson();
    return Object.fromEntries(rows.map((r) => [r.name as string, r.type as string]));
  }

  /**
   * Defines the table as a view, from the Glue table alone. `hours` are the date folders to
   * expand the template for, when the layout is not Hive's (projection enumerates them; a
   * folder with no objects reads as no rows).
   */
  async defineTable(table: GlueTableJson, storage: "parquet" | "plain-text", folders: readonly (Date | PartitionFolder)[]): Promise<void> {
    const columns = table.storage_descriptor.columns;
    const partitions = table.partition_keys.map((k) => k.name);
    const hive = /\/aws-account-id=/.test(table.storage_descriptor.location);
    const typed = (c: { name: string; type: string }) =>
      storage === "parquet"
        ? `"${c.name}"`
        : c.type === "string"
          ? `"${c.name}"`
          : `TRY_CAST("${c.name}" AS ${c.type === "int" ? "INTEGER" : "BIGINT"}) AS "${c.name}"`;
    const reader = (glob: string, hivePartitioning: boolean) => {
      const options = hivePartitioning
        ? `, hive_partitioning = true, hive_types = {${partitions.map((p) => `'${p}': VARCHAR`).join(", ")}}`
        : ", hive_partitioning = false";
      return storage === "parquet"
        ? `read_parquet(${sqlString(glob)}${options})`
        : `read_csv(${sqlString(glob)}, delim = ' ', header = true, all_varchar = true, compression = 'gzip', ` +
            `names = [${columns.map((c) => sqlString(c.name)).join(", ")}]${options})`;
    };
    const file = storage === "parquet" ? "*.parquet" : "*.log.gz";
    let body: string;
    if (hive) {
      const glob = path.join(this.local(table.storage_descriptor.location), ...partitions.map(() => "*"), file);
      body = `SELECT ${[...columns.map(typed), ...partitions.map((p) => `"${p}"`)].join(", ")} FROM ${reader(glob, true)}`;
    } else {
      const byPrefix = new Map<string, PartitionFolder>();
      for (const f of folders) {
        const folder = f instanceof Date ? { hour: f, given: {} } : f;
        byPrefix.set(expandTemplate(table.parameters, folder.hour, new Date(), folder.given), folder);
      }
      const selects: string[] = [];
      for (const [prefix, folder] of byPrefix) {
        const values: Record<string, string> = { ...dateParts(folder.hour), ...folder.given };
        const keys = partitions.map((p) => `${sqlString(values[p])} AS "${p}"`);
        const glob = path.join(this.local(prefix), file);
        // Parquet is read by column name: a column the folder's files do not have reads null (a member without that field).
        const present =
          storage === "parquet"
            ? new Set((await this.query(`SELECT DISTINCT name FROM parquet_schema(${sqlString(glob)})`)).map((r) => String(r.name)))
            : undefined;
        const select = columns.map((c) =>
          present && !present.has(c.name) ? `CAST(NULL AS ${DUCKDB_TYPE[c.type] ?? "VARCHAR"}) AS "${c.name}"` : typed(c),
        );
        selects.push(`SELECT ${[...select, ...keys].join(", ")} FROM ${reader(glob, false)}`);
      }
      body = selects.join("\nUNION ALL\n");
    }
    await this.connection.run(`CREATE OR REPLACE VIEW "${table.name}" AS ${body}`);
  }

  /**
   * Writes an environment's own archive as its S3 destination lays it out (Hive or plain
   * prefixes, per hour or per day) and defines its table from the synthesized Glue table.
   */
  async loadOwnArchive(
    table: GlueTableJson,
    environment: EnvironmentConfig,
    format: RecordFormat,
    storage: "parquet" | "plain-text",
    archived: readonly ArchivedRecord[],
  ): Promise<void> {
    const destination = environment.flowLogs.destinations.find((d) => d.type === "s3");
    const hive = destination?.type === "s3" && destination.hiveCompatiblePartitions === true;
    const perHour = destination?.type === "s3" && destination.perHourPartition === true;
    const where = { bucketAndFolder: bucketAndFolderOf(table), account: environment.accountId, region: environment.region };
    await this.writeArchive(format, storage, archived, (hour) => awsKeyPrefix(where, hive, perHour, hour));
    await this.defineTable(
      table,
      storage,
      [...new Set(archived.map((a) => a.hour.getTime()))].map((t) => new Date(t)),
    );
  }

  /** Writes each member's records into the organisation's archive (Parquet, per hour) and defines its table. */
  async loadOrganizationArchive(
    table: GlueTableJson,
    members: readonly { member: { accountId: string; region: string }; format: AnyRecordFormat; archived: readonly AnyArchivedRecord[] }[],
  ): Promise<void> {
    const folders: PartitionFolder[] = [];
    for (const { member, format, archived } of members) {
      const where = { bucketAndFolder: bucketAndFolderOf(table), account: member.accountId, region: member.region };
      await this.writeArchive(format, "parquet", archived, (hour) => awsKeyPrefix(where, false, true, hour));
      for (const t of new Set(archived.map((a) => a.hour.getTime()))) {
        folders.push({ hour: new Date(t), given: { aws_account: member.accountId, aws_region: member.region } });
      }
    }
    await this.defineTable(table, "parquet", folders);
  }

  /** Runs a query; each row as JSON values (BIGINT as a string, timestamps as text). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJson();
  }
}
