/**
 * A team's stack that takes the library's paths the example environments do not: flow logs to
 * Firehose in another account (both roles), a transit gateway with an existing S3 bucket (its
 * records in a folder of their own), a log group encrypted with the team's own key, and tags
 * beside the provider's default tags. Real Terraform plans it with the environments.
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { VpcFlowLogMonitoring } from "../../constructs";

export const LIBRARY_PATHS = "library-paths";
export const LIBRARY_FIREHOSE_ROLE = "arn:aws:iam::999999999999:role/AWSLogDeliveryFirehoseCrossAccountRole-team";
export const LIBRARY_KEY = "arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab";

export function addLibraryPathsStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, LIBRARY_PATHS);
  new AwsProvider(stack, "aws", {
    region: "eu-west-1",
    allowedAccountIds: ["555555555555"],
    defaultTags: [{ tags: { Owner: "team-provider" } }],
  });
  new VpcFlowLogMonitoring(stack, "shared-vpc", {
    name: "team-shared",
    accountId: "555555555555",
    region: "eu-west-1",
    vpcId: "vpc-0a1b2c3d4e5f60718",
    flowLogs: {
      trafficType: "ALL",
      maxAggregationInterval: 60,
      transitGatewayIds: ["tgw-0123456789abcdef0"],
      destinations: [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:eu-west-1:999999999999:deliverystream/network",
          crossAccountDeliveryRoleArn: LIBRARY_FIREHOSE_ROLE,
          transitGatewayDeliveryStreamArn: "arn:aws:firehose:eu-west-1:999999999999:deliverystream/network-tgw",
        },
        { type: "s3", existingBucketArn: "arn:aws:s3:::team-central-logs/vpc" },
      ],
    },
  });
  new VpcFlowLogMonitoring(stack, "app-vpc", {
    name: "team-app",
    accountId: "555555555555",
    region: "eu-west-1",
    vpcId: "vpc-0a1b2c3d4e5f60719",
    flowLogs: {
      trafficType: "REJECT",
      maxAggregationInterval: 600,
      destinations: [{ type: "cloud-watch-logs", retentionInDays: 90, customerManagedKey: LIBRARY_KEY }],
    },
    monitoring: { alarmEmails: ["platform@example.com"] },
    tags: { Team: "platform" },
  });
  return stack;
}
