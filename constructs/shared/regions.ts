/**
 * The AWS Regions, by partition: the list a config's region is checked against, so that a typo
 * (`ap-northeast-9`) fails at synth instead of at the first API call. Opt-in Regions are
 * included (an account enables them before use; that is not checked here).
 *
 * Read 2026-11-28 from AWS's Regions list ("AWS Regions", docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
 * AWS opens Regions every year: to add one, append its code to its partition below (and, for
 * the cost estimate, its prices to tools/cost/prices.json).
 */
export const AWS_REGIONS_READ = "2026-11-28";

/** Region codes by partition. */
export const AWS_REGIONS: Readonly<Record<"aws" | "aws-cn" | "aws-us-gov", readonly string[]>> = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
};

const KNOWN: ReadonlySet<string> = new Set(Object.values(AWS_REGIONS).flat());

/** Why a well-formed region code is not one AWS has, or undefined when it is. */
export function unknownRegionProblem(region: string): string | undefined {
  if (KNOWN.has(region)) return undefined;
  const family = region.replace(/-\d+$/, "-");
  const near = [...KNOWN].filter((r) => r.startsWith(family));
  return (
    `not a Region AWS has (${near.length > 0 ? `in that area: ${near.join(", ")}` : `such as ${AWS_REGIONS.aws.slice(0, 4).join(", ")}`}). ` +
    `The list (constructs/shared/regions.ts, read ${AWS_REGIONS_READ} from AWS's Regions page, opt-in Regions included) ` +
    "takes a new Region in one line"
  );
}
