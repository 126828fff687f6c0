import { Construct } from "constructs";
import { Aspects, TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ResolvedEnvironment, ResolvedLogArchive } from "../config/resolved";
import type { EnvironmentConfig, LogArchiveConfig } from "../config/types";
import { validateLogArchive } from "../config/validation/log-archive";
import { ConfigError } from "../config/validation/checker";
import { validateEnvironment } from "../config/validation/environment";
import type { FlowLogs } from "../flow-logs/flow-logs";
import { SecurityRules } from "../guardrails/security-rules";
import type { ArchiveAthena } from "../athena/archive-athena";
import type { FlowLogGroupMonitoring } from "../monitoring/flow-log-group-monitoring";
import { Network } from "../network/network";
import { consoleUrl } from "../shared/names";
import { configureStateBackend } from "../state/backend";
import { DEPLOYMENT_INFO_KEY, StackDeploymentInfo } from "./deployment-info";
import { LiteralConfigStack } from "./prepare";
import { addFlowLogMonitoring } from "./vpc-flow-log-monitoring";

/** Props of {@link NetworkMonitoringStack}. */
export interface NetworkMonitoringStackProps {
  /**
   * The environment. A config as written is validated here (it may come from JSON or plain
   * JavaScript; an invalid one throws a ConfigError before any resource is created); one that
   * `validateEnvironment(s)` resolved, as {@link addEnvironmentStacks} hands it, is taken as it is.
   */
  readonly environment: EnvironmentConfig | ResolvedEnvironment;
  /**
   * Where the environment comes in the order of promotion (lower first), instead of its own
   * `promotionOrder`. The CI deploy workflow deploys environments in this order.
   * @default the environment's `promotionOrder`
   */
  readonly promotionOrder?: number;
  /**
   * The organisation's log archive, which an "organization-archive" destination writes to
   * (given by {@link addEnvironmentStacks} to the environments it resolved).
   * @default none
   */
  readonly logArchive?: LogArchiveConfig | ResolvedLogArchive;
}

/**
 * One environment: its AWS provider (pinned to the environment's account), its S3 state,
 * the VPC, the flow logs and their monitoring. The stack id is the environment's name (`cdktf deploy <name>`).
 */
export class NetworkMonitoringStack extends LiteralConfigStack {
  /** The validated environment with its defaults. */
  readonly environment: ResolvedEnvironment;
  /** The VPC, its subnets, route tables and NAT gateways. */
  readonly network: Network;
  /** The flow logs and their destinations. */
  readonly flowLogs: FlowLogs;
  /**
   * Queries, metric filters, alarms, the alarm topic and the dashboard, over the flow-log
   * group; absent when no flow log writes to CloudWatch Logs.
   */
  readonly monitoring?: FlowLogGroupMonitoring;
  /** Athena over the S3 archive; absent unless an S3 destination has `athena`. */
  readonly athena?: ArchiveAthena;
  /** The security rule pack, run at synth; its findings after synth. */
  readonly securityRules: SecurityRules;

  constructor(scope: Construct, props: NetworkMonitoringStackProps) {
    const logArchive = props.logArchive === undefined ? undefined : validateLogArchive(props.logArchive);
    const env = validateEnvironment(props.environment, undefined, { logArchive });
    claimStateKey(scope, env);
    super(scope, env.name);
    this.environment = env;
    this.securityRules = new SecurityRules({ production: env.production });
    Aspects.of(this).add(this.securityRules);

    new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: { ...env.tags } }],
    });
    configureStateBackend(this, env.state);
    const info: StackDeploymentInfo = {
      environment: env.name,
      accountId: env.accountId,
      region: env.region,
      production: env.production,
      promotionOrder: props.promotionOrder ?? env.promotionOrder,
      usage: env.usage,
    };
    this.addOverride(`//.${DEPLOYMENT_INFO_KEY}`, info);

    this.network = new Network(this, "network", {
      name: env.name,
      cidr: env.network.cidr,
      publicSubnets: env.network.publicSubnets,
      privateSubnets: env.network.privateSubnets,
      natGateways: env.network.natGateways,
    });

    const { flowLogs, monitoring, athena } = addFlowLogMonitoring(this, env, this.network.vpc.id);
    this.flowLogs = flowLogs;
    this.monitoring = monitoring;
    this.athena = athena;
    const group = flowLogs.monitoredLogGroup;

    new TerraformOutput(this, "vpc_id", { value: this.network.vpc.id, description: "VPC id" });
    if (group && this.monitoring) {
      new TerraformOutput(this, "flow_log_group", {
        value: group.name,
        description: "CloudWatch Logs group with the VPC's flow log records",
      });
      new TerraformOutput(this, "alarm_topic_arn", { value: this.monitoring.topic.topic.arn, description: "SNS topic the alarms notify" });
      new TerraformOutput(this, "dashboard_url", {
        value: `${consoleUrl(env.partition)}/cloudwatch/home?region=${env.region}#dashboards/dashboard/${this.monitoring.dashboardName}`,
        description: "CloudWatch dashboard of the environment",
      });
    }
    if (athena) {
      new TerraformOutput(this, "athena_workgroup", {
        value: athena.workgroupName,
        description: "Athena workgroup for the flow-log archive",
      });
      new TerraformOutput(this, "athena_table", {
        value: `${athena.databaseName}.${athena.tableName}`,
        description: "Glue database and table over the archive's VPC records",
      });
      new TerraformOutput(this, "athena_analyst_policy_arn", {
        value: athena.analystPolicy.arn,
        description: "Managed policy to attach to a role that runs the named queries",
      });
    }
    this.madeFromLiterals(env);
  }
}

/** State keys and names in use, per app: two stacks of one app may never share either. */
const claimed = new WeakMap<object, Map<string, string>>();

function claimStateKey(scope: Construct, env: ResolvedEnvironment): void {
  const root = scope.node.root;
  const used = claimed.get(root) ?? new Map<string, string>();
  claimed.set(root, used);
  const stateUrl = `s3://${env.state.bucket}/${env.state.key}`;
  const problem = used.has(`name:${env.name}`)
    ? `name = "${env.name}": another environment of this app has that name (and its state key ${stateUrl}); each environment needs its own name`
    : used.has(stateUrl)
      ? `state = ${stateUrl}: environment "${used.get(stateUrl)}" already keeps its state there; two environments may never share a state key`
      : undefined;
  if (problem) throw ConfigError.ofEnvironment(env.name, [problem]);
  used.set(`name:${env.name}`, env.name);
  used.set(stateUrl, env.name);
}
