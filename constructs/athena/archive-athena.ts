import { Construct } from "constructs";
import { AthenaNamedQuery } from "@cdktf/provider-aws/lib/athena-named-query";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Annotations } from "cdktf";
import type { ResolvedAthena, ResolvedFlowLogMonitoring, ResolvedS3Destination } from "../config/resolved";
import { LeftOut, LeftOutReport } from "../records/left-out";
import type { RecordFormat } from "../records/record-format";
import { TransitGatewayFormat } from "../records/transit-gateway-format";
import { ManagedKey } from "../shared/kms-key";
import { PROJECT_NAME } from "../shared/names";
import { arn, AwsLocation, oneOrMany, policyDocument, PolicyStatement, renderPolicy, serviceDnsSuffix } from "../shared/policy";
import { SecureBucket } from "../shared/secure-bucket";
import { athenaColumns, transitGatewayColumns } from "./columns";
import { archiveLayout, ArchiveLayout, OrganizationPartitions, partitionColumns, projectionParameters, tableLocation } from "./layout";

import {
  forgetArchivedMemberNetworks,
  MEMBER_NETWORKS_PREFIX,
  MEMBER_NETWORKS_TABLE,
  memberNetworksTable,
  type MemberNetwork,
} from "./member-networks";
import { FLOW_LOG_TABLE, NAMED_QUERIES, namedQueryTitle, ORGANIZATION_QUERIES, renderNamedQuery } from "./named-queries";
import {
  renderTransitGatewayNamedQuery,
  TRANSIT_GATEWAY_NAMED_QUERIES,
  TRANSIT_GATEWAY_TABLE,
  transitGatewayQueryFits,
} from "./transit-gateway-queries";

export { TRANSIT_GATEWAY_TABLE };

/** The Glue database of the organisation's archive. */
export const ORGANIZATION_DATABASE = "organization_flow_logs";

/** A table the analyst policy opens: its name and where its records are. */
interface QueriedTable {
  readonly name: string;
  /** The bucket it reads: the archive's, or the reference data's. */
  readonly bucket: string;
  /** Its folder in that bucket (`AWSLogs/.../`, `member-networks/`). */
  readonly folder: string;
}

/** Props of {@link ArchiveAthena}. */
export interface ArchiveAthenaProps {
  /** Where the archive and the query resources live. */
  readonly location: AwsLocation;
  /** The environment's name, used in resource names. */
  readonly environmentName: string;
  /** The S3 destination whose archive is queried, with its Athena settings. */
  readonly destination: ResolvedS3Destination & { readonly athena: ResolvedAthena };
  /** The record format of the VPC's records in it. */
  readonly format: RecordFormat;
  /** Whether transit gateway records are archived there too (in their own folder). */
  readonly transitGateways?: boolean;
  /**
   * The record format of the transit gateway records (every field a member logs, for the organisation).
   * @default TransitGatewayFormat.DEFAULT
   */
  readonly transitGatewayFormat?: TransitGatewayFormat;
  /**
   * Which traffic the flow log records: with ACCEPT the rejected-traffic queries are left out.
   * @default "ALL"
   */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
  /** The ARN of the KMS key that encrypts the archive (SSE-KMS), for the analyst policy. */
  readonly archiveKeyArn?: string;
  /**
   * The archive is the organisation's: every member account's and region's records under one
   * prefix, read by one table partitioned by account and region first. `location` is then the
   * archive's own, and `format` every field any member logs (Parquet is read by column name: a
   * member without a field reads null there).
   * @default one environment's archive
   */
  readonly organization?: OrganizationPartitions;
  /**
   * An organisation's member VPCs whose blocks overlap no other member's, for the traffic
   * between them: an object in the bucket of reference data (never the archive, whose Object
   * Lock would keep every version) and the `member_networks` table over it (member-networks.ts),
   * when there are two or more.
   */
  readonly memberNetworks?: { readonly networks: readonly MemberNetwork[] };
}

/**
 * The props of one environment's Athena over its S3 destination `destination`: what the
 * environment stacks build, and what a retired destination is built from again to be forgotten
 * (the same props make the same resources).
 */
export function environmentAthenaProps(
  c: ResolvedFlowLogMonitoring,
  destination: ArchiveAthenaProps["destination"],
  archiveKeyArn?: string,
): ArchiveAthenaProps {
  return {
    location: { partition: c.partition, region: c.region, accountId: c.accountId },
    environmentName: c.name,
    destination,
    format: c.flowLogs.format,
    transitGateways: c.flowLogs.transitGateways,
    transitGatewayFormat: c.flowLogs.transitGatewayFormat,
    trafficType: c.flowLogs.trafficType,
    ...(archiveKeyArn !== undefined ? { archiveKeyArn } : {}),
  };
}

/** The Glue SerDe and formats of each file format AWS writes. */
const STORAGE = {
  parquet: {
    serde: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    serdeParameters: {},
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    tableParameters: { classification: "parquet" },
  },
  // Plain text: gzip files of space-separated values under a header line naming the fields.
  "plain-text": {
    serde: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
    serdeParameters: { "field.delim": " ", "serialization.format": " " },
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    tableParameters: { classification: "csv", "skip.header.line.count": "1" },
  },
} as const;

/** The Athena engine the workgroup runs. */
export const ATHENA_ENGINE_VERSION = "Athena engine version 3";

/**
 * Amazon Athena over a flow-log archive in S3: a Glue database and a table over exactly the
 * prefix the flow log writes (columns from the record format, date partitions by projection:
 * no crawler, no Lambda, no `MSCK REPAIR`), and a workgroup whose settings queries cannot
 * override: engine version 3, results in a bucket of their own (KMS, TLS-only, no public
 * access, expired by lifecycle), a per-query cutoff on bytes scanned, CloudWatch metrics.
 */
export class ArchiveAthena extends Construct {
  /** The Glue database that holds the archive's tables. */
  readonly database: GlueCatalogDatabase;
  /** The table over the VPC's records. */
  readonly table: GlueCatalogTable;
  /** The table over transit gateway records, when transit gateways are logged to the archive. */
  readonly transitGatewayTable?: GlueCatalogTable;
  /** The table of the organisation's member VPCs and the object it reads, when there are two or more. */
  readonly memberNetworksTable?: GlueCatalogTable;
  readonly memberNetworksObject?: S3Object;
  /** The bucket of reference data that holds the member VPCs' object, in an organisation's archive. */
  readonly referenceBucket?: SecureBucket;
  /** Where the VPC's records are, as the table reads them. */
  readonly layout: ArchiveLayout;
  /** Where the transit gateway records are, when they are archived there. */
  readonly transitGatewayLayout?: ArchiveLayout;
  /** The workgroup the named queries run in: results encrypted in their own bucket, scans cut off per query. */
  readonly workgroup: AthenaWorkgroup;
  /** The results bucket and its key. */
  readonly resultsBucket: SecureBucket;
  readonly resultsKey: ManagedKey;
  /** The named queries, by id, with their text. */
  readonly namedQueries = new Map<string, { readonly resource: AthenaNamedQuery; readonly query: string }>();
  /** The named queries the record format or traffic type cannot support, and why. */
  readonly leftOut: readonly LeftOut[];
  /** The managed policy an analyst role attaches to run the named queries. */
  readonly analystPolicy: IamPolicy;
  /** Names known at synth time. */
  readonly databaseName: string;
  readonly tableName: string;
  readonly workgroupName: string;

  constructor(scope: Construct, id: string, props: ArchiveAthenaProps) {
    super(scope, id);
    const loc = props.location;
    const env = props.environmentName;
    const d = props.destination;
    const athena = d.athena;
    this.databaseName = props.organization ? ORGANIZATION_DATABASE : `${env.replace(/-/g, "_")}_flow_logs`;
    this.tableName = FLOW_LOG_TABLE;
    this.workgroupName = `${env}-flow-logs`;

    this.resultsKey = new ManagedKey(this, "results-key", {
      location: loc,
      alias: `${PROJECT_NAME}/${env}/athena-results`,
      description: `Encrypts Athena query results of ${this.workgroupName}`,
      // Athena reads and writes with the caller's credentials: no service needs the key.
      serviceStatements: [],
    });
    this.resultsBucket = new SecureBucket(this, "results", {
      location: loc,
      bucketName: `${env}-${loc.accountId}-${loc.region}-athena-results`,
      encryption: { kind: "sse-kms", kmsKeyArn: this.resultsKey.key.arn },
      expirationDays: athena.resultsExpirationDays,
      noncurrentVersionExpirationDays: 1,
      // Query results expire anyway and can be run again: a destroy empties the bucket rather than stopping on it.
      forceDestroy: true,
    });

    this.database = new GlueCatalogDatabase(this, "database", {
      name: this.databaseName,
      description: `VPC flow logs of ${env} archived in s3://${d.bucketName}`,
    });
    this.layout = { ...archiveLayout(d, loc), ...(props.organization ? { organization: props.organization } : {}) };
    const vpcColumns = athenaColumns(props.format).map((c) => ({ name: c.name, type: c.type }));
    this.table = this.flowLogTable(
      "vpc-table",
      { name: this.tableName, records: "VPC", layout: this.layout, columns: vpcColumns },
      athena,
      d,
    );
    const folderOf = (layout: ArchiveLayout) => tableLocation(layout).slice(`s3://${d.bucketName}/`.length);
    const tables: QueriedTable[] = [{ name: this.tableName, bucket: d.bucketName, folder: folderOf(this.layout) }];
    if (props.transitGateways) {
      const tgw = {
        name: TRANSIT_GATEWAY_TABLE,
        layout: { ...archiveLayout(d, loc, true), ...(props.organization ? { organization: props.organization } : {}) },
      };
      this.transitGatewayTable = this.flowLogTable(
        "tgw-table",
        { ...tgw, records: "Transit gateway", columns: transitGatewayColumns(props.transitGatewayFormat) },
        athena,
        d,
      );
      tables.push({ name: tgw.name, bucket: d.bucketName, folder: folderOf(tgw.layout) });
      this.transitGatewayLayout = tgw.layout;
    }

    const referenceBucketName = `${env}-${loc.accountId}-${loc.region}-athena-reference`;
    if (props.memberNetworks) {
      forgetArchivedMemberNetworks(this);
      // Data Terraform writes: in a bucket of its own, without Object Lock or an expiry that
      // could empty it; kept while members come and go, so that one member left is one object
      // deleted, not a bucket.
      this.referenceBucket = new SecureBucket(this, "reference", {
        location: loc,
        bucketName: referenceBucketName,
        encryption: { kind: "sse-kms", kmsKeyArn: this.resultsKey.key.arn },
        noncurrentVersionExpirationDays: 30,
        // Written from the config at every apply: a destroy empties it rather than stopping on it.
        forceDestroy: true,
      });
    }
    // The traffic between member VPCs needs two of them at least.
    if (props.memberNetworks && this.referenceBucket && props.memberNetworks.networks.length >= 2) {
      const m = memberNetworksTable(this, {
        databaseName: this.database.name,
        bucketName: referenceBucketName,
        keyArn: this.resultsKey.key.arn,
        networks: props.memberNetworks.networks,
        dependsOn: [this.referenceBucket.bucket, this.referenceBucket.bucketPolicy],
      });
      this.memberNetworksObject = m.object;
      this.memberNetworksTable = m.table;
      tables.push({ name: MEMBER_NETWORKS_TABLE, bucket: referenceBucketName, folder: MEMBER_NETWORKS_PREFIX });
    }

    this.workgroup = new AthenaWorkgroup(this, "workgroup", {
      name: this.workgroupName,
      description: `Queries of the flow-log archive of ${env}`,
      state: "ENABLED",
      // AWS refuses to delete a workgroup that holds named queries or query history unless
      // recursively: the named queries are this stack's own, the history is disposable.
      forceDestroy: true,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: athena.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucket.bucket}/`,
          expectedBucketOwner: loc.accountId,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: this.resultsKey.key.arn },
        },
      },
    });

    const leftOut = new LeftOutReport(this, env, props.format, props.trafficType ?? "ALL");
    // One reference each for every query (each read of a resource's attribute makes a new token).
    const database = this.database.name;
    const workgroup = this.workgroup.name;
    for (const spec of props.organization ? [...NAMED_QUERIES, ...ORGANIZATION_QUERIES] : NAMED_QUERIES) {
      if (spec.betweenMembers && !this.memberNetworksTable) continue;
      if (spec.environmentOnly && props.organization) continue;
      if (leftOut.skip("named query", spec.id, spec.needs, spec.rejectedOnly)) continue;
      const query = renderNamedQuery(spec, this.layout, (f) => props.format.has(f));
      const resource = new AthenaNamedQuery(this, `query-${spec.id}`, {
        name: `${PROJECT_NAME}/${env}/${spec.id}`,
        description: namedQueryTitle(spec, this.layout),
        database,
        workgroup,
        query,
      });
      this.namedQueries.set(spec.id, { resource, query });
    }
    if (this.transitGatewayLayout)
      this.addTransitGatewayQueries(env, this.transitGatewayLayout, props.transitGatewayFormat, database, workgroup);
    leftOut.report();
    this.leftOut = leftOut.items;

    this.analystPolicy = new IamPolicy(this, "analyst-policy", {
      name: `${env}-flow-logs-athena-analyst`,
      description: `Runs Athena queries of the flow-log archive of ${env} in workgroup ${this.workgroupName}`,
      policy: renderPolicy(policyDocument(...this.analystStatements(loc, props.archiveKeyArn, tables))),
    });
  }

  /** The named queries over the transit gateway table; one its format cannot answer is left out, and synth says so. */
  private addTransitGatewayQueries(
    env: string,
    layout: ArchiveLayout,
    format: TransitGatewayFormat = TransitGatewayFormat.DEFAULT,
    database: string,
    workgroup: string,
  ): void {
    const left: string[] = [];
    for (const spec of TRANSIT_GATEWAY_NAMED_QUERIES) {
      if (!transitGatewayQueryFits(spec, format)) {
        left.push(`"${spec.id}" (needs ${spec.needs.join(", ")}${spec.anyOf ? ` and one of ${spec.anyOf.join(", ")}` : ""})`);
        continue;
      }
      const query = renderTransitGatewayNamedQuery(spec, layout, format);
      const resource = new AthenaNamedQuery(this, `query-${spec.id}`, {
        name: `${PROJECT_NAME}/${env}/${spec.id}`,
        description: namedQueryTitle(spec, layout),
        database,
        workgroup,
        query,
      });
      this.namedQueries.set(spec.id, { resource, query });
    }
    if (left.length > 0)
      Annotations.of(this).addWarning(
        `environment "${env}": transit gateway named queries left out for their record format: ${left.join(", ")}; add the fields to flowLogs.transitGatewayLogFormat to have them`,
      );
  }

  /**
   * What an analyst needs to run the named queries, and nothing more: the workgroup; the
   * table's definition; list and read of the archive under the table's prefix; the results
   * bucket; the keys, through S3 only.
   */
  private analystStatements(loc: AwsLocation, archiveKeyArn: string | undefined, tables: readonly QueriedTable[]): PolicyStatement[] {
    // Each bucket the tables read, with the tables' folders in it: the archive first.
    const buckets = [...new Set(tables.map((t) => t.bucket))].map((bucket) => ({
      arn: arn.bucket(loc, bucket),
      prefixes: tables.filter((t) => t.bucket === bucket).map((t) => `${t.folder}*`),
    }));
    const resultsArn = this.resultsBucket.bucketArn;
    const viaS3 = { StringEquals: { "kms:ViaService": `s3.${loc.region}.${serviceDnsSuffix(loc.partition)}` } };
    const statements: PolicyStatement[] = [
      {
        Sid: "RunQueriesInTheWorkgroup",
        Effect: "Allow",
        Action: [
          "athena:BatchGetNamedQuery",
          "athena:BatchGetQueryExecution",
          "athena:GetNamedQuery",
          "athena:GetQueryExecution",
          "athena:GetQueryResults",
          "athena:GetQueryResultsStream",
          "athena:GetWorkGroup",
          "athena:ListNamedQueries",
          "athena:ListQueryExecutions",
          "athena:StartQueryExecution",
          "athena:StopQueryExecution",
        ],
        Resource: arn.athenaWorkgroup(loc, this.workgroupName),
      },
      // The console lists before it queries: workgroups, catalogs and engine versions (IAM
      // scopes these to no resource), then the catalog's databases and tables (scoped to the
      // account's catalog). Read-only; AWS's workgroup policy examples grant them on "*".
      {
        Sid: "ListInTheConsole",
        Effect: "Allow",
        Action: ["athena:ListDataCatalogs", "athena:ListEngineVersions", "athena:ListWorkGroups"],
        Resource: "*",
      },
      {
        Sid: "BrowseTheCatalogInTheConsole",
        Effect: "Allow",
        Action: ["athena:GetDatabase", "athena:GetTableMetadata", "athena:ListDatabases", "athena:ListTableMetadata"],
        Resource: arn.athenaDataCatalog(loc),
      },
      {
        Sid: "ReadTheTableDefinition",
        Effect: "Allow",
        Action: ["glue:GetDatabase", "glue:GetDatabases", "glue:GetPartitions", "glue:GetTable", "glue:GetTables"],
        Resource: [arn.glue(loc), arn.glue(loc, this.databaseName), ...tables.map((t) => arn.glue(loc, this.databaseName, t.name))],
      },
      { Sid: "LocateTheBuckets", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: [...buckets.map((b) => b.arn), resultsArn] },
      ...buckets.flatMap((b, i): PolicyStatement[] => {
        const what = i === 0 ? "TheArchiveUnderTheTable" : "TheReferenceData";
        return [
          {
            Sid: `List${what}`,
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: b.arn,
            Condition: { StringLike: { "s3:prefix": oneOrMany(b.prefixes) } },
          },
          { Sid: `Read${what}`, Effect: "Allow", Action: "s3:GetObject", Resource: oneOrMany(b.prefixes.map((p) => `${b.arn}/${p}`)) },
        ];
      }),
      {
        Sid: "ListTheResults",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
        Resource: resultsArn,
      },
      {
        Sid: "WriteAndReadTheResults",
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
        Resource: `${resultsArn}/*`,
      },
      {
        Sid: "EncryptAndDecryptTheResults",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: this.resultsKey.key.arn,
        Condition: viaS3,
      },
    ];
    if (archiveKeyArn) {
      statements.push({ Sid: "DecryptTheArchive", Effect: "Allow", Action: "kms:Decrypt", Resource: archiveKeyArn, Condition: viaS3 });
    }
    return statements;
  }

  private flowLogTable(
    id: string,
    t: {
      readonly name: string;
      readonly layout: ArchiveLayout;
      readonly records: string;
      readonly columns: { name: string; type: string }[];
    },
    athena: ResolvedAthena,
    d: ResolvedS3Destination,
  ): GlueCatalogTable {
    const storage = STORAGE[d.fileFormat];
    return new GlueCatalogTable(this, id, {
      databaseName: this.database.name,
      name: t.name,
      description: `${t.records} flow log records (${d.fileFormat}) at ${tableLocation(t.layout)}`,
      tableType: "EXTERNAL_TABLE",
      // Terraform would read the template's ${year} as an interpolation: written as $${year}.
      parameters: Object.fromEntries(
        Object.entries({ EXTERNAL: "TRUE", ...storage.tableParameters, ...projectionParameters(t.layout, athena) }).map(([k, v]) => [
          k,
          v.replace(/\$\{/g, () => "$${"),
        ]),
      ),
      partitionKeys: partitionColumns(t.layout).map((c) => ({ name: c, type: "string" })),
      storageDescriptor: {
        location: tableLocation(t.layout),
        inputFormat: storage.inputFormat,
        outputFormat: storage.outputFormat,
        serDeInfo: { serializationLibrary: storage.serde, parameters: { ...storage.serdeParameters } },
        columns: t.columns,
      },
    });
  }
}
