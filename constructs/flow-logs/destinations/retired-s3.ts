/**
 * A retired S3 destination: the records it holds are kept, and it writes no more. Bound into a
 * FlowLogs construct in its place among the destinations, it claims the construct id and key
 * ordinal it had when it was live (so that the others keep theirs) and makes no flow log; its
 * bucket and key stay in AWS as they are while Terraform forgets them (`removed` blocks,
 * shared/forgotten.ts), and FlowLogs moves its flow logs onto the organisation archive's, when
 * there is one, so that Terraform replaces each in place (deleting first: a VPC never holds more
 * than AWS's two flow logs).
 */
import type { Construct } from "constructs";
import type { ResolvedS3Destination } from "../../config/resolved";
import { forget } from "../../shared/forgotten";
import { BoundFlowLogDestination, FlowLogDestination, FlowLogDestinationContext, targetKey } from "./destination";
import { FlowLogBucket, flowLogBucketKeyAlias } from "./s3";

/** What a retired destination left, once bound. */
export interface RetiredBinding {
  /** Its construct id under the FlowLogs construct (`s3`, `s3-2`, ...). */
  readonly id: string;
  /** The construct ids its flow logs had, one per target, in the targets' order. */
  readonly flowLogIds: readonly string[];
  /** The addresses Terraform forgets (its bucket's and key's resources, and what `alsoForget` forgot). */
  readonly forgotten: readonly string[];
}

/** An S3 destination retired from a config (`retired: true`): see the module's comment. */
export class RetiredS3FlowLogDestination extends FlowLogDestination<ResolvedS3Destination> {
  /**
   * The retired destination of a validated S3 destination config. `alsoForget` runs after its
   * bucket is forgotten, for what else was made for it outside the FlowLogs construct (its
   * Athena resources); it returns the addresses it forgot.
   */
  static fromConfig(config: ResolvedS3Destination, alsoForget?: () => string[]): RetiredS3FlowLogDestination {
    return new RetiredS3FlowLogDestination(config, alsoForget);
  }

  readonly type = "s3";
  readonly logDestinationType = "s3";
  readonly idBase = "s3";
  /** Nothing: a retired destination's resources are forgotten, not made. */
  readonly created = undefined;
  private left?: RetiredBinding;

  private constructor(
    config: ResolvedS3Destination,
    private readonly alsoForget?: () => string[],
  ) {
    super({ resolved: config });
  }

  /** What it left, once bound: its id, its flow logs' ids, and the addresses Terraform forgets. */
  get binding(): RetiredBinding {
    if (!this.left) throw new Error("this retired s3 flow-log destination is not bound yet: hand it to a FlowLogs construct first");
    return this.left;
  }

  protected bindConfig(scope: Construct, context: FlowLogDestinationContext, d: ResolvedS3Destination): BoundFlowLogDestination {
    const keyOrdinal = context.ordinal(this.type);
    const forgotten = forget(
      scope,
      context.id,
      () =>
        new FlowLogBucket(scope, context.id, {
          location: context.location,
          destination: d,
          keyAlias: flowLogBucketKeyAlias(context.environmentName, keyOrdinal),
          preventDestroy: context.preventDestroy,
          transitGateways: context.transitGateways,
        }),
    );
    this.left = {
      id: context.id,
      flowLogIds: context.targets.map((t) => `${targetKey(t)}-to-${context.id}`),
      forgotten: [...forgotten, ...(this.alsoForget?.() ?? [])],
    };
    return {
      args: () => {
        throw new Error("a retired destination makes no flow log");
      },
    };
  }
}
