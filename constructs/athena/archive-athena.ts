import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import type { ResolvedAthena, ResolvedS3Destination } from "../config/resolved";
import type { RecordFormat } from "../records/record-format";
import { ManagedKey } from "../shared/kms-key";
import { PROJECT_NAME } from "../shared/names";
import type { AwsLocation } from "../shared/policy";
import { SecureBucket } from "../shared/secure-bucket";
import { athenaColumns } from "./columns";
import { archiveLayout, ArchiveLayout, partitionColumns, projectionParameters, tableLocation } from "./layout";

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
  /** The Glue database. */
  readonly database: GlueCatalogDatabase;
  /** The table over the VPC's records. */
  readonly table: GlueCatalogTable;
  /** Where the VPC's records are, as the table reads them. */
  readonly layout: ArchiveLayout;
  /** The workgroup. */
  readonly workgroup: AthenaWorkgroup;
  /** The results bucket and its key. */
  readonly resultsBucket: SecureBucket;
  readonly resultsKey: ManagedKey;
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
    this.databaseName = `${env.replace(/-/g, "_")}_flow_logs`;
    this.tableName = "vpc_flow_logs";
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
    });

    this.database = new GlueCatalogDatabase(this, "database", {
      name: this.databaseName,
      description: `VPC flow logs of ${env} archived in s3://${d.bucketName}`,
    });
    this.layout = archiveLayout(d, loc);
    this.table = this.flowLogTable("vpc-table", this.tableName, this.layout, props.format, athena, d.fileFormat);
    if (props.transitGateways) {
      Annotations.of(this).addWarning(
        `environment "${env}": no Athena table over the transit gateway records (their own format, under ${tableLocation(archiveLayout(d, loc, true))}); ` +
          "only the VPC's records are queryable",
      );
    }

    this.workgroup = new AthenaWorkgroup(this, "workgroup", {
      name: this.workgroupName,
      description: `Queries of the flow-log archive of ${env}`,
      state: "ENABLED",
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
  }

  private flowLogTable(
    id: string,
    name: string,
    layout: ArchiveLayout,
    format: RecordFormat,
    athena: ResolvedAthena,
    fileFormat: ResolvedS3Destination["fileFormat"],
  ): GlueCatalogTable {
    const storage = STORAGE[fileFormat];
    return new GlueCatalogTable(this, id, {
      databaseName: this.database.name,
      name,
      description: `VPC flow log records (${fileFormat}) at ${tableLocation(layout)}`,
      tableType: "EXTERNAL_TABLE",
      // Terraform would read the template's ${year} as an interpolation: written as $${year}.
      parameters: Object.fromEntries(
        Object.entries({ EXTERNAL: "TRUE", ...storage.tableParameters, ...projectionParameters(layout, athena) }).map(([k, v]) => [
          k,
          v.replace(/\$\{/g, () => "$${"),
        ]),
      ),
      partitionKeys: partitionColumns(layout).map((c) => ({ name: c, type: "string" })),
      storageDescriptor: {
        location: tableLocation(layout),
        inputFormat: storage.inputFormat,
        outputFormat: storage.outputFormat,
        serDeInfo: { serializationLibrary: storage.serde, parameters: { ...storage.serdeParameters } },
        columns: athenaColumns(format).map((c) => ({ name: c.name, type: c.type })),
      },
    });
  }
}
