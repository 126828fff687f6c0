/**
 * A platform team's app: two environments of its own, built from the published constructs.
 *   - `platform-dev`: a whole environment (VPC, flow logs, monitoring) from one config object,
 *     with the flow-log settings of the package's example `dev` environment.
 *   - `platform-prod`: a VPC the team already has (created outside this app): only flow logs
 *     and their monitoring, in the team's own stack with its own provider and state, plus an
 *     archive bucket and key of the team's own, handed to the flow logs as objects.
 */
import { App, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  configureStateBackend,
  ManagedKey,
  NetworkMonitoringStack,
  partitionOf,
  S3FlowLogDestination,
  SecureBucket,
  SecurityRules,
  synthApp,
  VpcFlowLogMonitoring,
  type EnvironmentConfig,
  type VpcFlowLogMonitoringConfig,
} from "vpc-flow-log-monitoring";
import { dev as exampleDev } from "vpc-flow-log-monitoring/environments";

const STATE = { bucket: "platform-team-tfstate", region: "eu-west-1" };

const platformDev: EnvironmentConfig = {
  name: "platform-dev",
  accountId: "555555555555",
  region: "eu-west-1",
  network: { cidr: "10.50.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"], natGateways: "none" },
  flowLogs: exampleDev.flowLogs,
  monitoring: { alarmEmails: ["platform-oncall@example.com"] },
  state: STATE,
  tags: { Team: "platform" },
};

const platformProd: VpcFlowLogMonitoringConfig = {
  name: "platform-prod",
  accountId: "666666666666",
  region: "eu-west-1",
  production: true,
  vpcId: "vpc-0a1b2c3d4e5f60718",
  flowLogs: {
    trafficType: "ALL",
    maxAggregationInterval: 60,
    destinations: [{ type: "cloud-watch-logs", retentionInDays: 731, customerManagedKey: true }],
  },
  monitoring: {
    alarmEmails: ["platform-oncall@example.com"],
    alarms: { rejectedRemoteAccess: { threshold: 5 } },
  },
};

/**
 * Flow logs and monitoring on the team's existing production VPC, and an archive of the team's
 * own: a bucket and key made here and handed to the flow logs as objects, which add what log
 * delivery needs to their policies and make the flow logs wait for both.
 */
class ExistingVpcStack extends TerraformStack {
  constructor(scope: Construct, config: VpcFlowLogMonitoringConfig) {
    super(scope, config.name);
    new AwsProvider(this, "aws", { region: config.region, allowedAccountIds: [config.accountId] });
    configureStateBackend(this, { ...STATE, key: `network-monitoring/${config.name}/terraform.tfstate` });
    Aspects.of(this).add(new SecurityRules({ production: config.production ?? false }));
    const location = { partition: partitionOf(config.region), region: config.region, accountId: config.accountId };
    const bucketName = `${config.name}-${config.accountId}-flow-log-archive`;
    const key = new ManagedKey(this, "archive-key", {
      location,
      alias: `${config.name}/flow-log-archive`,
      description: `Encrypts the flow-log archive s3://${bucketName}`,
      preventDestroy: true,
    });
    const archive = new SecureBucket(this, "archive", {
      location,
      bucketName,
      encryption: { kind: "sse-kms", kmsKeyArn: key.key.arn },
      transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
      expirationDays: 1096,
      noncurrentVersionExpirationDays: 30,
      preventDestroy: true,
    });
    const monitoring = new VpcFlowLogMonitoring(this, "vpc-flow-logs", config, {
      destinations: [S3FlowLogDestination.toBucket(archive, { key, fileFormat: "parquet" })],
    });
    new TerraformOutput(this, "flow_log_ids", { value: monitoring.flowLogs.flowLogs.map((f) => f.id) });
  }
}

const app = new App();
new NetworkMonitoringStack(app, { environment: platformDev });
new ExistingVpcStack(app, platformProd);
synthApp(app);
