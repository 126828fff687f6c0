/**
 * A platform team's app: two environments of its own, built from the published constructs.
 *   - `platform-dev`: a whole environment (VPC, flow logs, monitoring) from one config object,
 *     with the flow-log settings of the package's example `dev` environment.
 *   - `platform-prod`: a VPC the team already has (created outside this app): only flow logs
 *     and their monitoring, in the team's own stack with its own provider and state.
 */
import { App, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  configureStateBackend,
  NetworkMonitoringStack,
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

/** Flow logs and monitoring on the team's existing production VPC. */
class ExistingVpcStack extends TerraformStack {
  constructor(scope: Construct, config: VpcFlowLogMonitoringConfig) {
    super(scope, config.name);
    new AwsProvider(this, "aws", { region: config.region, allowedAccountIds: [config.accountId] });
    configureStateBackend(this, { ...STATE, key: `network-monitoring/${config.name}/terraform.tfstate` });
    Aspects.of(this).add(new SecurityRules({ production: config.production ?? false }));
    const monitoring = new VpcFlowLogMonitoring(this, "vpc-flow-logs", config);
    new TerraformOutput(this, "flow_log_ids", { value: monitoring.flowLogs.flowLogs.map((f) => f.id) });
  }
}

const app = new App();
new NetworkMonitoringStack(app, { environment: platformDev });
new ExistingVpcStack(app, platformProd);
synthApp(app);
