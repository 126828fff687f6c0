/**
 * Where AWS puts a flow log's objects in S3, computed from AWS's VPC guide on its own, and
 * how Athena's partition projection turns a table's template into a prefix: what the Athena
 * tests compare.
 */

/** A partition's date values as AWS writes them in keys: `2024`, `01`, `05`, `07`, and the date folders `2024/01/05`. */
export function dateParts(at: Date): { year: string; month: string; day: string; hour: string; date: string } {
  const p = (n: number) => String(n).padStart(2, "0");
  const [year, month, day] = [String(at.getUTCFullYear()), p(at.getUTCMonth() + 1), p(at.getUTCDate())];
  return { year, month, day, hour: p(at.getUTCHours()), date: `${year}/${month}/${day}` };
}

/**
 * The key prefix of a flow log's objects for one hour, as AWS's VPC guide describes it ("Log
 * file S3 path"): `bucket/folder/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<MM>/<dd>/[<HH>/]`,
 * or with Hive-compatible prefixes `aws-account-id=`, `aws-service=vpcflowlogs`, `aws-region=`,
 * `year=`, `month=`, `day=` and `hour=`.
 */
export function awsKeyPrefix(
  where: { bucketAndFolder: string; account: string; region: string },
  hive: boolean,
  perHour: boolean,
  at: Date,
): string {
  const { year: y, month: m, day: d, hour: h } = dateParts(at);
  const head = hive
    ? `aws-account-id=${where.account}/aws-service=vpcflowlogs/aws-region=${where.region}/year=${y}/month=${m}/day=${d}/`
    : `${where.account}/vpcflowlogs/${where.region}/${y}/${m}/${d}/`;
  return `s3://${where.bucketAndFolder}/AWSLogs/${head}${perHour ? (hive ? `hour=${h}/` : `${h}/`) : ""}`;
}

/**
 * Expands `storage.location.template` as Athena's projection does: each `${column}` becomes a
 * value the column's projection gives: an integer in its range, zero-padded to its digits, or a
 * date in its range (`NOW` being `now`) in its format (the table's parameters as AWS gets them,
 * Terraform's `$${` read back as `${`).
 */
export function expandTemplate(parameters: Record<string, string>, at: Date, now = new Date(), given: Record<string, string> = {}): string {
  const values: Record<string, number> = {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
  };
  const template = parameters["storage.location.template"].replace(/\$\$\{/g, "${");
  return template.replace(/\$\{(\w+)\}/g, (_, column: string) => {
    // An enum's value must be one of its values; an injected one is what the query names.
    if (parameters[`projection.${column}.type`] === "enum") {
      expect(parameters[`projection.${column}.values`].split(",")).toContain(given[column]);
      return given[column];
    }
    if (parameters[`projection.${column}.type`] === "injected") {
      expect(given[column]).toBeDefined();
      return given[column];
    }
    const [lo, hi] = parameters[`projection.${column}.range`].split(",");
    if (parameters[`projection.${column}.type`] === "date") {
      expect(parameters[`projection.${column}.format`]).toBe("yyyy/MM/dd");
      const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
      expect(day).toBeGreaterThanOrEqual(Date.parse(lo.replace(/\//g, "-")));
      expect(day).toBeLessThanOrEqual(hi === "NOW" ? now.getTime() : Date.parse(hi.replace(/\//g, "-")));
      return dateParts(at).date;
    }
    expect(parameters[`projection.${column}.type`]).toBe("integer");
    expect(values[column]).toBeGreaterThanOrEqual(Number(lo));
    expect(values[column]).toBeLessThanOrEqual(Number(hi));
    return String(values[column]).padStart(Number(parameters[`projection.${column}.digits`]), "0");
  });
}

/**
 * A flow log file's name. Text: as AWS's VPC guide documents it ("Log file names":
 * `<account>_vpcflowlogs_<region>_<flow log id>_<yyyyMMddTHHmmZ>_<hash>.log.gz`). Parquet: the
 * same name ending `.log.parquet`, which AWS does not document (what deliveries are seen to write).
 */
export function awsFileName(account: string, region: string, at: Date, format: "text" | "parquet"): string {
  const { year, month, day, hour } = dateParts(at);
  const minute = String(at.getUTCMinutes()).padStart(2, "0");
  return `${account}_vpcflowlogs_${region}_fl-0a1b2c3d4e5f60718_${year}${month}${day}T${hour}${minute}Z_9f8e7d6c.log.${format === "text" ? "gz" : "parquet"}`;
}

/** Whether an S3 ARN pattern (`*` any run of characters, `?` one, as IAM matches resources) matches an ARN. */
export function arnPatternMatches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(value);
}

/**
 * What a resource policy decides for one service principal's action on one resource, over TLS,
 * by the statements' Principal, Action and Resource (a statement conditioned on
 * `aws:SecureTransport` being false does not apply; other conditions are the caller's to check):
 * an explicit deny wins, then an allow, else not allowed.
 */
export function deliveryDecision(
  doc: {
    Statement: {
      Effect: string;
      Principal?: unknown;
      Action: string | string[];
      Resource?: string | string[];
      Condition?: Record<string, Record<string, unknown>>;
    }[];
  },
  service: string,
  action: string,
  resourceArn: string,
): "allowed" | "denied" | "not allowed" {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const applies = (st: (typeof doc.Statement)[number]) => {
    const principal = st.Principal as { Service?: string | string[] } | string | undefined;
    const who = principal === "*" || (typeof principal === "object" && list(principal.Service).includes(service));
    if (String(st.Condition?.Bool?.["aws:SecureTransport"]) === "false") return false;
    const what = list(st.Action).some((a) => arnPatternMatches(a, action));
    return who && what && list(st.Resource).some((r) => arnPatternMatches(r, resourceArn));
  };
  if (doc.Statement.some((st) => st.Effect === "Deny" && applies(st))) return "denied";
  return doc.Statement.some((st) => st.Effect === "Allow" && applies(st)) ? "allowed" : "not allowed";
}
