import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { ManagedKey } from "../shared/kms-key";
import { PROJECT_NAME } from "../shared/names";
import { arn, AwsLocation, denyWithoutTls, policyDocument, PolicyDocument, renderPolicy, serviceDnsSuffix } from "../shared/policy";

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Where the topic lives. */
  readonly location: AwsLocation;
  /** The environment's name: the topic is `<environmentName>-network-monitoring-alarms`. */
  readonly environmentName: string;
  /**
   * Names of the alarms that may publish, as an exact name or a prefix ending in `*`
   * (the `aws:SourceArn` condition of CloudWatch's publish permission).
   */
  readonly alarmNames: string;
  /** E-mail addresses to subscribe (each must confirm). */
  readonly emails: readonly string[];
  /** HTTPS endpoints to subscribe. @default none */
  readonly httpsEndpoints?: readonly string[];
}

/** Actions the account's own principals may take on the topic (the SNS console's default set). */
const OWNER_ACTIONS = [
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sns:RemovePermission",
  "sns:DeleteTopic",
  "sns:Subscribe",
  "sns:ListSubscriptionsByTopic",
  "sns:Publish",
];

/**
 * The SNS topic an environment's alarms notify: encrypted with a customer-managed KMS key that
 * CloudWatch may use (with the AWS-managed `alias/aws/sns` key, CloudWatch cannot publish and
 * alarm notifications are silently lost), a topic policy that lets CloudWatch publish only
 * for this account's alarms and refuses publishing without TLS, and the subscriptions.
 */
export class AlarmTopic extends Construct {
  /** The SNS topic the alarms publish to (each alarm's action is its `arn`). */
  readonly topic: SnsTopic;
  /** Its name and ARN, computed at synth time (for policies and the dashboard). */
  readonly topicName: string;
  readonly topicArn: string;
  /** The key that encrypts it. */
  readonly key: ManagedKey;
  /** The topic policy, as data. */
  readonly policy: PolicyDocument;
  /** The subscriptions, e-mail first. */
  readonly subscriptions: SnsTopicSubscription[] = [];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const l = props.location;
    const name = `${props.environmentName}-network-monitoring-alarms`;
    this.topicName = name;
    this.topicArn = arn.snsTopic(l, name);
    const cloudwatch = `cloudwatch.${serviceDnsSuffix(l.partition)}`;

    this.key = new ManagedKey(this, "key", {
      location: l,
      alias: `${PROJECT_NAME}/${props.environmentName}/alarm-topic`,
      description: `Encrypts SNS topic ${name} (alarm notifications of environment ${props.environmentName})`,
      serviceStatements: [
        {
          // CloudWatch publishes to an encrypted topic only when the key lets it create data keys.
          // SNS encrypts a topic's messages with the encryption context aws:sns:topicArn, so the
          // key serves CloudWatch for this topic only; which alarms may publish is the topic
          // policy's aws:SourceAccount / aws:SourceArn below.
          // @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
          Sid: "CloudWatchAlarmsUseKey",
          Effect: "Allow",
          Principal: { Service: cloudwatch },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": this.topicArn } },
        },
      ],
    });

    this.topic = new SnsTopic(this, "topic", {
      name,
      displayName: `Network monitoring alarms (${props.environmentName})`,
      kmsMasterKeyId: this.key.key.arn,
    });

    this.policy = policyDocument(
      {
        Sid: "AccountManagesTopic",
        Effect: "Allow",
        Principal: { AWS: arn.accountRoot(l) },
        Action: OWNER_ACTIONS,
        Resource: this.topicArn,
      },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: cloudwatch },
        Action: "sns:Publish",
        Resource: this.topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": l.accountId },
          ArnLike: { "aws:SourceArn": arn.alarm(l, props.alarmNames) },
        },
      },
      denyWithoutTls("DenyPublishWithoutTls", "sns:Publish", this.topicArn),
    );
    new SnsTopicPolicy(this, "policy", { arn: this.topic.arn, policy: renderPolicy(this.policy) });

    const subscribe = (protocol: "email" | "https", endpoint: string) =>
      this.subscriptions.push(
        new SnsTopicSubscription(this, subscriptionId(protocol, endpoint), { topicArn: this.topic.arn, protocol, endpoint }),
      );
    props.emails.forEach((email) => subscribe("email", email));
    (props.httpsEndpoints ?? []).forEach((url) => subscribe("https", url));
  }
}

/**
 * A construct id per endpoint, not per position: adding or removing one address never
 * replaces the other subscriptions (each replacement would need a new confirmation).
 */
function subscriptionId(protocol: string, endpoint: string): string {
  const slug = endpoint
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  return `${protocol}-${slug}-${createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}`;
}
