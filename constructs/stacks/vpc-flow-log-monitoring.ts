import { Construct, IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, TerraformStack, Token } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ArchiveAthena, environmentAthenaProps } from "../athena/archive-athena";
import type { ResolvedAthena, ResolvedFlowLogMonitoring, ResolvedS3Destination, ResolvedVpcFlowLogMonitoring } from "../config/resolved";
import type { VpcFlowLogMonitoringConfig } from "../config/types";
import { ConfigError } from "../config/validation/checker";
import { validateVpcFlowLogMonitoring } from "../config/validation/environment";
import { flowLogDestination } from "../flow-logs/destinations";
import type { FlowLogDestination } from "../flow-logs/destinations/destination";
import { S3FlowLogDestination } from "../flow-logs/destinations/s3";
import { FlowLogs } from "../flow-logs/flow-logs";
import { FlowLogGroupMonitoring } from "../monitoring/flow-log-group-monitoring";
import { withLeanTraces } from "../shared/lean-traces";
import { RetiredS3FlowLogDestination } from "../flow-logs/destinations/retired-s3";
import { forget } from "../shared/forgotten";
import { tagResources } from "../shared/tags";

/** What {@link VpcFlowLogMonitoring} takes beside its config. */
export interface VpcFlowLogMonitoringOptions {
  /**
   * Destinations a config cannot hold, after the config's: objects that take the app's own
   * resources, such as `S3FlowLogDestination.toBucket(bucket, { key })`, which grants log
   * delivery in the bucket's and key's policies and makes the flow logs wait for them. A
   * CloudWatch Logs destination belongs in the config, where monitoring reads it. AWS's limit
   * of flow logs per target counts these too.
   */
  readonly destinations?: readonly FlowLogDestination[];
}

/**
 * Flow logs on one VPC with everything they need (destinations, IAM, KMS) and, when a
 * destination is CloudWatch Logs, their monitoring (queries, metric filters, alarms, SNS
 * topic, dashboard). For a VPC that exists already: give its id. The config is validated here
 * (it may come from JSON); an invalid one throws a ConfigError before any resource is created.
 *
 * The stack that holds it provides the AWS provider for the config's account and region. Add
 * `Aspects.of(stack).add(new SecurityRules({ production }))` to run the rule pack on it.
 */
export class VpcFlowLogMonitoring extends Construct {
  /** The validated config with its defaults. */
  readonly config: ResolvedVpcFlowLogMonitoring;
  /** The flow logs and their destinations. */
  readonly flowLogs: FlowLogs;
  /** Monitoring over the flow-log group; absent when no destination is CloudWatch Logs. */
  readonly monitoring?: FlowLogGroupMonitoring;
  /** Athena over the S3 archive; absent unless an S3 destination has `athena`. */
  readonly athena?: ArchiveAthena;

  constructor(scope: Construct, id: string, config: VpcFlowLogMonitoringConfig, options: VpcFlowLogMonitoringOptions = {}) {
    super(scope, id);
    const c = validateVpcFlowLogMonitoring(config);
    this.config = c;
    const monitored = (options.destinations ?? []).findIndex((d) => d.type === "cloud-watch-logs");
    if (monitored >= 0) {
      const problem =
        `destinations[${monitored}] = a cloud-watch-logs destination object: monitoring reads the config's CloudWatch Logs destination; ` +
        'give it as flowLogs.destinations of the config (with "existing" for a log group of yours)';
      throw ConfigError.ofEnvironment(c.name, [problem]);
    }
    // The provider may be added to the stack after this construct: checked at synth.
    Aspects.of(this).add(new ProviderMatchesConfig(this, c));
    const { flowLogs, monitoring, athena } = addFlowLogMonitoring(this, c, c.vpcId, options.destinations);
    this.flowLogs = flowLogs;
    this.monitoring = monitoring;
    this.athena = athena;
    tagResources(this, c.tags);
  }
}

/**
 * Refuses a config whose region or account is not the stack's AWS provider's, where the
 * provider says them: the delivery role and policies name the config's region and account,
 * so AWS would refuse delivery, and nothing before apply would say why.
 */
class ProviderMatchesConfig implements IAspect {
  private done = false;

  constructor(
    private readonly owner: Construct,
    private readonly config: ResolvedVpcFlowLogMonitoring,
  ) {}

  visit(): void {
    if (this.done) return;
    this.done = true;
    const stack = TerraformStack.of(this.owner);
    const provider = stack.node.findAll().find((n): n is AwsProvider => n instanceof AwsProvider && n.alias === undefined);
    if (!provider) return;
    const problems: string[] = [];
    const region = provider.region;
    if (typeof region === "string" && !Token.isUnresolved(region) && region !== this.config.region) {
      problems.push(
        `region = "${this.config.region}": the AWS provider of stack "${stack.node.id}" is for ${region}, and the flow logs, their role and its policies would be created there for ${this.config.region}; set region to "${region}", or put this in a stack whose provider is for ${this.config.region}`,
      );
    }
    const accounts = provider.allowedAccountIds;
    if (
      Array.isArray(accounts) &&
      !Token.isUnresolved(accounts) &&
      accounts.every((a) => !Token.isUnresolved(a)) &&
      !accounts.includes(this.config.accountId)
    ) {
      problems.push(
        `accountId = "${this.config.accountId}": the AWS provider of stack "${stack.node.id}" may touch only account ${accounts.join(", ")}; set accountId to the provider's account`,
      );
    }
    if (problems.length > 0) throw ConfigError.ofEnvironment(this.config.name, problems);
  }
}

/** Names in use per stack: each names log groups, roles, key aliases, the topic and the dashboard. */
const namesInStack = new WeakMap<IConstruct, Map<string, string>>();

/** Refuses a second use of `name` in the stack of `scope`, naming the first. */
function claimName(scope: Construct, name: string): void {
  const stack = TerraformStack.of(scope);
  const used = namesInStack.get(stack) ?? new Map<string, string>();
  namesInStack.set(stack, used);
  const first = used.get(name);
  if (first !== undefined) {
    const problem =
      `name = "${name}": ${first} in stack "${stack.node.id}" has that name already; its log groups, IAM roles, KMS key aliases, ` +
      "alarm topic and dashboard would be created twice with the same names (AWS refuses the second at apply); give each its own name";
    throw ConfigError.ofEnvironment(name, [problem]);
  }
  used.set(name, scope.node.path);
}

/**
 * Adds the flow logs of a VPC and, when one of them writes to CloudWatch Logs, their
 * monitoring, as children `flow-logs` and `monitoring` of `scope` (their construct paths, and
 * so their Terraform addresses, stay those of the scope). Shared by
 * {@link VpcFlowLogMonitoring} and the environment stack.
 */
export function addFlowLogMonitoring(
  scope: Construct,
  c: ResolvedFlowLogMonitoring,
  vpcId: string,
  extra: readonly FlowLogDestination[] = [],
): { flowLogs: FlowLogs; monitoring?: FlowLogGroupMonitoring; athena?: ArchiveAthena } {
  return withLeanTraces(() => addResolvedFlowLogMonitoring(scope, c, vpcId, extra));
}

function addResolvedFlowLogMonitoring(
  scope: Construct,
  c: ResolvedFlowLogMonitoring,
  vpcId: string,
  extra: readonly FlowLogDestination[],
): { flowLogs: FlowLogs; monitoring?: FlowLogGroupMonitoring; athena?: ArchiveAthena } {
  claimName(scope, c.name);
  const location = { partition: c.partition, region: c.region, accountId: c.accountId };
  const fl = c.flowLogs;
  // The archive Athena reads is an S3 destination object: Athena takes its bucket and key from its handle.
  const queried = fl.destinations.find(
    (d): d is ResolvedS3Destination & { athena: ResolvedAthena } => d.type === "s3" && !!d.athena && !d.retired,
  );
  const archive = queried && S3FlowLogDestination.fromConfig(queried);
  // A retired destination keeps its place and makes no flow log; its Athena resources are forgotten after its bucket.
  const retired = (d: ResolvedS3Destination) => {
    const athena = d.athena;
    return RetiredS3FlowLogDestination.fromConfig(
      d,
      athena
        ? () => forget(scope, "athena", () => new ArchiveAthena(scope, "athena", environmentAthenaProps(c, { ...d, athena })))
        : undefined,
    );
  };
  const destinations = [
    ...fl.destinations.map((d) => (archive && d === queried ? archive : d.type === "s3" && d.retired ? retired(d) : flowLogDestination(d))),
    ...extra,
  ];
  const flowLogs = new FlowLogs(scope, "flow-logs", {
    location,
    environmentName: c.name,
    vpcId,
    trafficType: fl.trafficType,
    maxAggregationInterval: fl.maxAggregationInterval,
    format: fl.format,
    transitGatewayFormat: fl.transitGatewayFormat,
    destinations,
    subnetIds: fl.subnetIds,
    networkInterfaceIds: fl.networkInterfaceIds,
    transitGatewayIds: fl.transitGatewayIds,
    transitGatewayAttachmentIds: fl.transitGatewayAttachmentIds,
    preventDestroy: c.production,
  });
  const athena = queried
    ? new ArchiveAthena(scope, "athena", environmentAthenaProps(c, queried, archive?.created?.key?.key.arn))
    : undefined;
  const group = flowLogs.monitoredLogGroup;
  // Validation gives monitoring exactly when a destination is CloudWatch Logs.
  if (!group || !c.monitoring) {
    Annotations.of(scope).addWarning(
      `environment "${c.name}": no queries, metric filters, alarms or dashboard: they read a CloudWatch Logs group, ` +
        'and no flow log destination is of type "cloud-watch-logs"',
    );
    return { flowLogs, athena };
  }
  if (c.monitoring.alarmEmails.length === 0 && c.monitoring.httpsEndpoints.length === 0) {
    Annotations.of(scope).addWarning(
      `environment "${c.name}": monitoring.alarmEmails = []: the alarms notify nobody (no e-mail address, no HTTPS endpoint); ` +
        "they still show on the dashboard. In production this fails synth",
    );
  }
  const monitoring = new FlowLogGroupMonitoring(scope, "monitoring", {
    location,
    environmentName: c.name,
    logGroup: group,
    format: flowLogs.format,
    trafficType: fl.trafficType,
    monitoring: c.monitoring,
    ...(flowLogs.monitoredTransitGatewayLogGroup
      ? { transitGateway: { logGroup: flowLogs.monitoredTransitGatewayLogGroup, format: flowLogs.transitGatewayFormat } }
      : {}),
  });
  return { flowLogs, monitoring, athena };
}
