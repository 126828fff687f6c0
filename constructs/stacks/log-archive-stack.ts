/**
 * The organisation's archive as a stack of its own (`log-archive`), in the Log Archive account:
 * the central bucket every member environment's flow logs write to, its key, and one Athena
 * table over every member account and region. Deploy it before the members: log delivery checks
 * the bucket policy when a member's flow log is created.
 */
import { Construct } from "constructs";
import { Annotations, Aspects, TerraformOutput } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ArchiveAthena } from "../athena/archive-athena";
import type { MemberNetwork } from "../athena/member-networks";
import { LOG_ARCHIVE_STACK, ORGANIZATION_ARCHIVE_LAYOUT } from "../config/defaults";
import type { ResolvedEnvironment, ResolvedLogArchive } from "../config/resolved";
import type { LogArchiveConfig } from "../config/types";
import { ConfigError } from "../config/validation/checker";
import { overlappingNetworks } from "../config/validation/environment";
import { validateLogArchive } from "../config/validation/log-archive";
import { MAX_BUCKET_POLICY_BYTES, OrganizationArchiveBucket } from "../flow-logs/destinations/organization-archive";
import { TRANSIT_GATEWAY_S3_FOLDER } from "../flow-logs/destinations/s3";
import { DeliveryWatch } from "../monitoring/delivery-watch";
import type { WatchedDelivery } from "../monitoring/delivery-watch-handler";
import { SecurityRules } from "../guardrails/security-rules";
import { ALL_FLOW_LOG_FIELDS, RecordFormat } from "../records/record-format";
import { ALL_TRANSIT_GATEWAY_FIELDS, TransitGatewayFormat } from "../records/transit-gateway-format";
import { PROJECT_NAME } from "../shared/names";
import { policyDocument, renderPolicy } from "../shared/policy";
import { configureStateBackend } from "../state/backend";
import { DEPLOYMENT_INFO_KEY, StackDeploymentInfo } from "./deployment-info";
import { LiteralConfigStack } from "./prepare";

/** The log archive's place in the deploy order: before every environment (whose orders are at least 1). */
export const LOG_ARCHIVE_PROMOTION_ORDER = 0;

/** Props of {@link LogArchiveStack}. */
export interface LogArchiveStackProps {
  /** The archive's settings (validated here unless `validateLogArchive` resolved them). */
  readonly archive: LogArchiveConfig | ResolvedLogArchive;
  /** The app's environments: those with an "organization-archive" destination are its members. */
  readonly environments: readonly ResolvedEnvironment[];
}

/** The environments that write to the organisation's archive. */
export function archiveMembers(environments: readonly ResolvedEnvironment[]): ResolvedEnvironment[] {
  return environments.filter((e) => e.flowLogs.destinations.some((d) => d.type === "organization-archive"));
}

/** Every field any member logs, in the catalogue's order: the organisation table's columns. */
export function membersFormat(members: readonly ResolvedEnvironment[]): RecordFormat {
  const logged = new Set(members.flatMap((m) => m.flowLogs.format.fields));
  return RecordFormat.custom(ALL_FLOW_LOG_FIELDS.filter((f) => logged.has(f)));
}

/** Every transit gateway field any member logs, in the catalogue's order. */
export function membersTransitGatewayFormat(members: readonly ResolvedEnvironment[]): TransitGatewayFormat {
  const logged = new Set(members.filter((m) => m.flowLogs.transitGateways).flatMap((m) => m.flowLogs.transitGatewayFormat.fields));
  return TransitGatewayFormat.custom(ALL_TRANSIT_GATEWAY_FIELDS.filter((f) => logged.has(f)));
}

const unique = (values: readonly string[]) => [...new Set(values)].sort();

/**
 * What each member delivers into the archive, once per prefix: its account and region's VPC
 * records, and its transit gateways' when it logs any (members of one account and region share
 * a prefix, and are named together).
 */
export function watchedDeliveries(members: readonly ResolvedEnvironment[]): WatchedDelivery[] {
  const byPrefix = new Map<string, { environments: string[]; account: string; region: string; records: string; prefix: string }>();
  for (const m of members) {
    const kinds = [
      { records: "VPC", folder: "" },
      ...(m.flowLogs.transitGateways ? [{ records: "transit gateway", folder: `${TRANSIT_GATEWAY_S3_FOLDER}/` }] : []),
    ];
    for (const k of kinds) {
      const prefix = `${k.folder}AWSLogs/${m.accountId}/vpcflowlogs/${m.region}/`;
      const known = byPrefix.get(prefix);
      if (known) known.environments.push(m.name);
      else byPrefix.set(prefix, { environments: [m.name], account: m.accountId, region: m.region, records: k.records, prefix });
    }
  }
  // Stryker disable next-line EqualityOperator: prefixes are the map's keys, so no two are equal and `<=` orders alike
  return [...byPrefix.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
}

export class LogArchiveStack extends LiteralConfigStack {
  /** The archive's resolved settings. */
  readonly archive: ResolvedLogArchive;
  /** The member environments, in the app's order. */
  readonly members: readonly ResolvedEnvironment[];
  /** The central bucket and its key. */
  readonly bucket: OrganizationArchiveBucket;
  /** The organisation table, its workgroup, named queries and analyst policy. */
  readonly athena: ArchiveAthena;
  /** The role the named analysts of other accounts assume, when the archive names any. */
  readonly analystRole?: IamRole;
  /** The watch over the members' deliveries, unless turned off. */
  readonly deliveryWatch?: DeliveryWatch;

  constructor(scope: Construct, props: LogArchiveStackProps) {
    const archive = validateLogArchive(props.archive);
    const members = archiveMembers(props.environments);
    if (members.length === 0) {
      const p = "no environment has a destination of type organization-archive: an archive without members would have a table over nothing";
      throw ConfigError.listing(`${LOG_ARCHIVE_STACK} stack`, [p]);
    }
    super(scope, LOG_ARCHIVE_STACK);
    this.archive = archive;
    this.members = members;
    // Every account's records are kept here: checked as strictly as production.
    Aspects.of(this).add(new SecurityRules({ production: true }));
    new AwsProvider(this, "aws", {
      region: archive.region,
      allowedAccountIds: [archive.accountId],
      defaultTags: [{ tags: { Project: PROJECT_NAME, Environment: LOG_ARCHIVE_STACK, ManagedBy: "cdktf" } }],
    });
    configureStateBackend(this, archive.state);
    // Deployed first (promotion order 0), before any member: log delivery checks the bucket policy
    // when a member's flow log is created. Production: it keeps every account's records.
    const info: StackDeploymentInfo = {
      environment: LOG_ARCHIVE_STACK,
      accountId: archive.accountId,
      region: archive.region,
      production: true,
      promotionOrder: LOG_ARCHIVE_PROMOTION_ORDER,
      usage: archive.usage,
      archiveInflow: {
        bucket: archive.bucketName,
        deliveries: members.map((m) => ({
          environment: m.name,
          accountId: m.accountId,
          trafficType: m.flowLogs.trafficType,
          gbPerDay: m.usage.flowLogGbPerDay,
          rejectedShare: m.usage.rejectedShare,
          storedShare: m.usage.archiveStoredShare,
          flowLogs: 1 + m.flowLogs.subnetIds.length + m.flowLogs.networkInterfaceIds.length,
          transitGatewayFlowLogs: m.flowLogs.transitGatewayIds.length + m.flowLogs.transitGatewayAttachmentIds.length,
          transitGatewayGbPerDay: m.usage.transitGatewayFlowLogGbPerDay,
        })),
      },
    };
    this.addOverride(`//.${DEPLOYMENT_INFO_KEY}`, info);
    const location = { partition: archive.partition, region: archive.region, accountId: archive.accountId };
    const accounts = unique(members.map((m) => m.accountId));
    const regions = unique(members.map((m) => m.region));
    this.bucket = new OrganizationArchiveBucket(this, "archive", { archive, memberAccounts: accounts });
    if (this.bucket.policyBytes > MAX_BUCKET_POLICY_BYTES) {
      // Each account is listed in two statements, `"<12 digits>",` each time.
      const fit = accounts.length - Math.ceil((this.bucket.policyBytes - MAX_BUCKET_POLICY_BYTES) / 30);
      const p =
        `organizationId = undefined: the bucket policy lists ${accounts.length} member accounts, ${this.bucket.policyBytes} bytes, over S3's ` +
        `${MAX_BUCKET_POLICY_BYTES} (about ${fit} accounts fit): give the organisation's id, so that one condition admits every account`;
      throw ConfigError.listing(`${LOG_ARCHIVE_STACK} stack`, [p]);
    }
    this.athena = new ArchiveAthena(this, "athena", {
      location,
      environmentName: LOG_ARCHIVE_STACK,
      destination: {
        // Stryker disable next-line StringLiteral: the table reads the bucket, layout and lifecycle; not the type or encryption (the key comes as archiveKeyArn)
        type: "s3",
        bucketName: archive.bucketName,
        // Stryker disable next-line StringLiteral: as the type above
        encryption: "sse-kms",
        lifecycle: archive.lifecycle,
        athena: archive.athena,
        ...ORGANIZATION_ARCHIVE_LAYOUT,
      },
      format: membersFormat(members),
      transitGateways: members.some((m) => m.flowLogs.transitGateways),
      transitGatewayFormat: membersTransitGatewayFormat(members),
      trafficType: members.every((m) => m.flowLogs.trafficType === "ACCEPT") ? "ACCEPT" : "ALL",
      archiveKeyArn: this.bucket.key.key.arn,
      organization: { accounts, regions },
      // The member VPCs this app creates (their blocks from the config), for the traffic between them.
      memberNetworks: { networks: this.distinctMemberNetworks(members) },
    });
    if (archive.analystPrincipals.length > 0) {
      this.analystRole = new IamRole(this, "analyst-role", {
        name: `${LOG_ARCHIVE_STACK}-flow-logs-analyst`,
        description: `Runs the named queries over the organisation's flow-log archive, for ${archive.analystPrincipals.length} principal(s) of other accounts`,
        assumeRolePolicy: renderPolicy(
          policyDocument({
            Sid: "NamedAnalystsOnly",
            Effect: "Allow",
            Principal: { AWS: [...archive.analystPrincipals] },
            Action: "sts:AssumeRole",
            // Within the organisation, when its id is known.
            ...(archive.organizationId ? { Condition: { StringEquals: { "aws:PrincipalOrgID": archive.organizationId } } } : {}),
          }),
        ),
        // An hour: long enough for an investigation's queries, short for a credential.
        maxSessionDuration: 3600,
      });
      new IamRolePolicyAttachment(this, "analyst-role-policy", { role: this.analystRole.name, policyArn: this.athena.analystPolicy.arn });
      new TerraformOutput(this, "athena_analyst_role_arn", {
        value: this.analystRole.arn,
        description: "Role the named analysts assume to query the archive",
      });
    }
    if (archive.deliveryWatch) {
      this.deliveryWatch = new DeliveryWatch(this, "delivery-watch", {
        location,
        stackName: LOG_ARCHIVE_STACK,
        bucketName: archive.bucketName,
        settings: archive.deliveryWatch,
        deliveries: watchedDeliveries(members),
      });
    }
    new TerraformOutput(this, "archive_bucket_arn", {
      value: this.bucket.bucket.bucket.arn,
      description: "The organisation's flow-log archive",
    });
    new TerraformOutput(this, "athena_workgroup", { value: this.athena.workgroupName, description: "Athena workgroup over the archive" });
    new TerraformOutput(this, "athena_table", {
      value: `${this.athena.databaseName}.${this.athena.tableName}`,
      description: "Glue database and table over every member's VPC records",
    });
    this.madeFromLiterals({ archive, members });
  }

  /**
   * The members' VPC blocks that overlap no other member's (accounts often reuse 10.0.0.0/16:
   * an address in two blocks cannot say whose it is); those that do are named in a warning.
   */
  private distinctMemberNetworks(members: readonly ResolvedEnvironment[]): MemberNetwork[] {
    const overlapping = new Set(overlappingNetworks(members).flatMap((p) => [p.first, p.second]));
    if (overlapping.size > 0) {
      const named = members.filter((m) => overlapping.has(m)).map((m) => `"${m.name}" (${m.network.cidr})`);
      Annotations.of(this).addWarning(
        `${LOG_ARCHIVE_STACK}: members ${named.join(", ")} have VPC blocks that overlap another member's: ` +
          "they are left out of member_networks and of the traffic between member VPCs (an address in two blocks cannot say whose it is)",
      );
    }
    return members.filter((m) => !overlapping.has(m)).map((m) => ({ environment: m.name, accountId: m.accountId, cidr: m.network.cidr }));
  }
}
