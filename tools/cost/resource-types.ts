/** Which resource types the estimate knows: those it prices, and those that cost nothing by themselves. */

/** Resource types that cost nothing by themselves (what they hold or do is priced elsewhere). */
export const NO_CHARGE_TYPES: ReadonlySet<string> = new Set([
  "aws_vpc",
  "aws_subnet",
  "aws_route_table",
  "aws_route_table_association",
  "aws_route",
  "aws_internet_gateway",
  "aws_egress_only_internet_gateway",
  "aws_default_security_group",
  "aws_security_group",
  "aws_default_network_acl",
  "aws_network_acl",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_role_policy_attachment",
  "aws_kms_alias",
  "aws_sns_topic_policy",
  "aws_cloudwatch_query_definition",
  "aws_athena_named_query",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_object_lock_configuration",
  "aws_cloudwatch_log_resource_policy",
  // A schedule and its permission: the runs are priced on the function.
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_lambda_permission",
  // The organisation's member VPCs: a line of text each, a fraction of a cent a month.
  "aws_s3_object",
]);

/** Resource types the estimate prices (each by its own rules in estimate.ts). */
export const PRICED_TYPES = new Set([
  "aws_flow_log",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_log_metric_filter",
  "aws_cloudwatch_metric_alarm",
  "aws_cloudwatch_dashboard",
  "aws_sns_topic",
  "aws_sns_topic_subscription",
  "aws_kms_key",
  "aws_s3_bucket",
  "aws_nat_gateway",
  "aws_eip",
  "aws_athena_workgroup",
  "aws_glue_catalog_database",
  "aws_glue_catalog_table",
  "aws_lambda_function",
]);
