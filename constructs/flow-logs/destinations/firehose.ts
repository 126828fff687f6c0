import type { Construct } from "constructs";
import type { ResolvedFirehoseDestination } from "../../config/resolved";
import { BoundFlowLogDestination, FlowLogDestination } from "./destination";

/** Flow logs to an existing Amazon Data Firehose delivery stream; nothing is created. */
export class FirehoseFlowLogDestination extends FlowLogDestination<ResolvedFirehoseDestination> {
  readonly type = "kinesis-data-firehose";
  readonly idBase = "firehose";

  bind(_scope: Construct): BoundFlowLogDestination {
    const d = this.destination;
    return { args: () => ({ logDestination: d.deliveryStreamArn, deliverCrossAccountRole: d.crossAccountDeliveryRoleArn }) };
  }
}
