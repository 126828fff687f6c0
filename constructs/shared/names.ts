/** Names and AWS facts every layer shares. */

/** The project's name: the Project tag, the first part of saved-query folders, key aliases and default log groups. */
export const PROJECT_NAME = "network-monitoring";

/** AWS partition of a region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The AWS console of a partition. */
export function consoleUrl(partition: string): string {
  if (partition === "aws-cn") return "https://console.amazonaws.cn";
  if (partition === "aws-us-gov") return "https://console.amazonaws-us-gov.com";
  return "https://console.aws.amazon.com";
}
