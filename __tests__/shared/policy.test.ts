/**
 * The policy helpers every construct builds its documents with (constructs/shared/policy.ts):
 * ARNs in the forms AWS's service authorization reference gives, in each partition; statements
 * merged by Sid; documents read back leniently.
 */
import {
  addStatements,
  arn,
  asArray,
  oneOrMany,
  parsePolicy,
  policyDocument,
  renderPolicy,
  serviceDnsSuffix,
  type PolicyStatement,
} from "../../constructs/shared/policy";

const TOKYO = { partition: "aws", region: "ap-northeast-1", accountId: "111111111111" };
const BEIJING = { partition: "aws-cn", region: "cn-north-1", accountId: "222222222222" };

describe("ARNs", () => {
  test("each kind, in the commercial partition and in China's", () => {
    const of = (l: typeof TOKYO) => [
      arn.logGroup(l, "/g"),
      arn.role(l, "r"),
      arn.bucket(l, "b"),
      arn.accountRoot(l),
      arn.flowLogs(l),
      arn.logDeliverySources(l),
      arn.ec2(l, "vpc", "vpc-1"),
      arn.snsTopic(l, "t"),
      arn.alarm(l, "a*"),
      arn.athenaWorkgroup(l, "w"),
      arn.athenaDataCatalog(l),
      arn.athenaDataCatalog(l, "other"),
      arn.glue(l),
      arn.glue(l, "db"),
      arn.glue(l, "db", "t"),
    ];
    expect(of(TOKYO)).toEqual([
      "arn:aws:logs:ap-northeast-1:111111111111:log-group:/g",
      "arn:aws:iam::111111111111:role/r",
      "arn:aws:s3:::b",
      "arn:aws:iam::111111111111:root",
      "arn:aws:ec2:ap-northeast-1:111111111111:vpc-flow-log/*",
      "arn:aws:logs:ap-northeast-1:111111111111:*",
      "arn:aws:ec2:ap-northeast-1:111111111111:vpc/vpc-1",
      "arn:aws:sns:ap-northeast-1:111111111111:t",
      "arn:aws:cloudwatch:ap-northeast-1:111111111111:alarm:a*",
      "arn:aws:athena:ap-northeast-1:111111111111:workgroup/w",
      "arn:aws:athena:ap-northeast-1:111111111111:datacatalog/AwsDataCatalog",
      "arn:aws:athena:ap-northeast-1:111111111111:datacatalog/other",
      "arn:aws:glue:ap-northeast-1:111111111111:catalog",
      "arn:aws:glue:ap-northeast-1:111111111111:database/db",
      "arn:aws:glue:ap-northeast-1:111111111111:table/db/t",
    ]);
    expect(of(BEIJING).every((a) => a.startsWith("arn:aws-cn:"))).toBe(true);
    expect(arn.glue(BEIJING, "db", "t")).toBe("arn:aws-cn:glue:cn-north-1:222222222222:table/db/t");
  });

  test("service names end in amazonaws.com, in China amazonaws.com.cn", () => {
    expect(serviceDnsSuffix("aws")).toBe("amazonaws.com");
    expect(serviceDnsSuffix("aws-us-gov")).toBe("amazonaws.com");
    expect(serviceDnsSuffix("aws-cn")).toBe("amazonaws.com.cn");
  });
});

describe("documents", () => {
  const write = (resource: string | string[]): PolicyStatement => ({
    Sid: "Write",
    Effect: "Allow",
    Action: "s3:PutObject",
    Resource: resource,
  });

  test("one value alone, several as a list; read back as a list", () => {
    expect(oneOrMany(["a"])).toBe("a");
    expect(oneOrMany(["a", "b"])).toEqual(["a", "b"]);
    expect(asArray("a")).toEqual(["a"]);
    expect(asArray(["a", "b"])).toEqual(["a", "b"]);
    expect(asArray(undefined)).toEqual([]);
  });

  test("a document renders as JSON and reads back; anything else reads as no document", () => {
    const doc = policyDocument(write("x"));
    expect(JSON.parse(renderPolicy(doc))).toEqual({ Version: "2012-10-17", Statement: [write("x")] });
    expect(parsePolicy(renderPolicy(doc))).toEqual(doc);
    expect(parsePolicy("{not json")).toBeUndefined();
    expect(parsePolicy(undefined)).toBeUndefined();
    expect(parsePolicy({ Version: "2012-10-17" })).toBeUndefined();
  });

  test("a statement of a Sid already there adds its resources to it (each once); a new Sid is appended", () => {
    const doc = policyDocument(write("a"));
    addStatements(doc, [write(["a", "b"]), { ...write("c"), Sid: "Other" }], "bucket x");
    expect(doc.Statement).toEqual([write(["a", "b"]), { ...write("c"), Sid: "Other" }]);
    addStatements(doc, [write("a")], "bucket x");
    expect(doc.Statement[0]).toEqual(write(["a", "b"]));
    // The first statement of the document is merged into as well as any other.
    const first = policyDocument(write("a"), { ...write("z"), Sid: "Second" });
    addStatements(first, [write("b")], "bucket x");
    expect(first.Statement).toEqual([write(["a", "b"]), { ...write("z"), Sid: "Second" }]);
  });

  test("a Sid already there with other actions or conditions is refused, naming the owner and the statement", () => {
    const doc = policyDocument(write("a"));
    const other = { ...write("b"), Action: "s3:GetObject" };
    expect(() => addStatements(doc, [other], "bucket x")).toThrow(
      `bucket x: its policy has a statement "Write" already, and another of that Sid that differs in more than its resources was added (${JSON.stringify(other)}); a policy names each Sid once: hand this bucket or key only to flow logs of one account`,
    );
  });
});
