/**
 * IAM, KMS, S3 and SNS policy documents as typed data. Every ARN in them is computed at synth
 * time from names, so the synthesized JSON (and `terraform plan`) shows each policy in full
 * for review, and tests assert on statements rather than on interpolations.
 */

/** A principal of a resource or trust policy. */
export type PolicyPrincipal = "*" | { readonly Service?: string | string[]; readonly AWS?: string | string[] };

/** One statement. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** A policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** A statement's value for a list: the one element alone, as policies usually write it, or the list. */
export function oneOrMany<T>(values: readonly T[]): T | T[] {
  return values.length === 1 ? values[0] : [...values];
}

/** A value or a list of values as a list (policies write one value alone, several as a list). */
export function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A policy document from its JSON text, or undefined when it is none. */
export function parsePolicy(text: unknown): PolicyDocument | undefined {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch {
    return undefined;
  }
}

/** Builds a document from statements. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Adds statements to a document. A statement whose Sid the document has already is merged when
 * only its resources differ (two flow logs of one bucket, one of them for transit gateways,
 * writing under two prefixes) and refused otherwise: AWS refuses a policy that repeats a Sid, and
 * quietly keeping one of two grants would lose the other.
 */
export function addStatements(doc: PolicyDocument, statements: readonly PolicyStatement[], owner: string): void {
  for (const s of statements) {
    const at = doc.Statement.findIndex((t) => t.Sid === s.Sid);
    if (at < 0) {
      doc.Statement.push(s);
      continue;
    }
    const had = doc.Statement[at];
    if (JSON.stringify({ ...had, Resource: undefined }) !== JSON.stringify({ ...s, Resource: undefined })) {
      throw new Error(
        `${owner}: its policy has a statement "${s.Sid}" already, and another of that Sid that differs in more than its resources ` +
          `was added (${JSON.stringify(s)}); a policy names each Sid once: hand this bucket or key only to flow logs of one account`,
      );
    }
    const resources = [...new Set([...asArray(had.Resource), ...asArray(s.Resource)])];
    doc.Statement[at] = { ...had, Resource: oneOrMany(resources) };
  }
}

/** Renders a document as the JSON string Terraform sends to AWS. */
export function renderPolicy(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/** Where an environment is: what every ARN is built from. */
export interface AwsLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** DNS suffix of service principals in a partition. */
export function serviceDnsSuffix(partition: string): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** ARNs computed from names, for policies that must be readable at synth time. */
export const arn = {
  logGroup: (l: AwsLocation, name: string) => `arn:${l.partition}:logs:${l.region}:${l.accountId}:log-group:${name}`,
  role: (l: AwsLocation, name: string) => `arn:${l.partition}:iam::${l.accountId}:role/${name}`,
  bucket: (l: AwsLocation, name: string) => `arn:${l.partition}:s3:::${name}`,
  accountRoot: (l: AwsLocation) => `arn:${l.partition}:iam::${l.accountId}:root`,
  /** Flow logs of this account and region, as the flow log service names itself when it assumes a role. */
  flowLogs: (l: AwsLocation) => `arn:${l.partition}:ec2:${l.region}:${l.accountId}:vpc-flow-log/*`,
  /** Log delivery sources of this account and region (aws:SourceArn of delivery.logs). */
  logDeliverySources: (l: AwsLocation) => `arn:${l.partition}:logs:${l.region}:${l.accountId}:*`,
  /** An EC2 resource (`vpc`, `subnet`, `network-interface`, `transit-gateway`, ...) by id. */
  ec2: (l: AwsLocation, resourceType: string, id: string) => `arn:${l.partition}:ec2:${l.region}:${l.accountId}:${resourceType}/${id}`,
  snsTopic: (l: AwsLocation, name: string) => `arn:${l.partition}:sns:${l.region}:${l.accountId}:${name}`,
  /** One alarm, or (with a name ending in `*`) the alarms whose names begin with the rest. */
  alarm: (l: AwsLocation, name: string) => `arn:${l.partition}:cloudwatch:${l.region}:${l.accountId}:alarm:${name}`,
  athenaWorkgroup: (l: AwsLocation, name: string) => `arn:${l.partition}:athena:${l.region}:${l.accountId}:workgroup/${name}`,
  /** An Athena data catalog (`AwsDataCatalog`: the account's Glue Data Catalog as Athena names it). */
  athenaDataCatalog: (l: AwsLocation, name = "AwsDataCatalog") =>
    `arn:${l.partition}:athena:${l.region}:${l.accountId}:datacatalog/${name}`,
  /** The Glue Data Catalog, a database in it, or (with `table`) a table. */
  glue: (l: AwsLocation, database?: string, table?: string) =>
    `arn:${l.partition}:glue:${l.region}:${l.accountId}:${database === undefined ? "catalog" : table === undefined ? `database/${database}` : `table/${database}/${table}`}`,
};

/** The statement that keeps a KMS key administrable by the account (without it, a key is lost). */
export function keyAdministrationStatement(l: AwsLocation): PolicyStatement {
  return {
    Sid: "AccountAdministersKey",
    Effect: "Allow",
    Principal: { AWS: arn.accountRoot(l) },
    Action: "kms:*",
    Resource: "*",
  };
}

/** The deny of the given actions on the given resources for any request not made over TLS. */
export function denyWithoutTls(sid: string, action: string, resource: string | string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The deny of any request to a bucket that is not over TLS. */
export function tlsOnlyStatement(bucketArn: string): PolicyStatement {
  return denyWithoutTls("DenyInsecureTransport", "s3:*", [bucketArn, `${bucketArn}/*`]);
}
