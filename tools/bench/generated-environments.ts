/** A varied set of environments for the benchmark and the tests that keep it valid. */

/** Environments for the benchmark: varied regions, formats, destinations, NAT and production. */
export function generatedEnvironments(count: number): unknown[] {
  const formats = [undefined, ["srcaddr", "dstaddr", "srcport", "dstport", "protocol", "bytes", "action", "log-status", "flow-direction"]];
  return Array.from({ length: count }, (_, i) => {
    const region = ["ap-northeast-1", "eu-west-1", "us-east-1"][i % 3];
    const account = String(100000000000 + i);
    const destinations: unknown[] = [
      { type: "cloud-watch-logs", retentionInDays: i % 5 === 0 ? 400 : 90, customerManagedKey: i % 2 === 0 },
    ];
    if (i % 3 !== 0) destinations.push({ type: "s3", fileFormat: "parquet", hiveCompatiblePartitions: i % 2 === 0 });
    return {
      name: `env-${i}`,
      accountId: account,
      region,
      production: i % 5 === 0,
      network: {
        cidr: `10.${i}.0.0/16`,
        availabilityZones: [`${region}a`, `${region}b`, `${region}c`].slice(0, 2 + (i % 2)),
        natGateways: (["none", "single", "per-az"] as const)[i % 3],
      },
      flowLogs: { trafficType: "ALL", maxAggregationInterval: 60, destinations, logFormat: formats[i % 2] },
      monitoring: { alarmEmails: [`alerts-${i}@example.com`] },
      state: { bucket: "bench-network-monitoring-tfstate", region: "ap-northeast-1" },
    };
  });
}

/** Regions of the generated members of an organisation's archive: 17, as a large organisation spreads. */
const MEMBER_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "sa-east-1",
];

/** `count` member environments of an organisation's archive: an account each, in 17 regions, writing to the archive only. */
export function generatedMembers(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    const region = MEMBER_REGIONS[i % MEMBER_REGIONS.length];
    return {
      name: `member-${i}`,
      accountId: String(200000000000 + i),
      region,
      network: { cidr: `10.${i % 250}.${i >= 250 ? 128 : 0}.0/17`, availabilityZones: [`${region}a`, `${region}b`], natGateways: "none" },
      flowLogs: { trafficType: "ALL", maxAggregationInterval: 60, destinations: [{ type: "organization-archive" }] },
      state: { bucket: "bench-network-monitoring-tfstate", region: "ap-northeast-1" },
    };
  });
}
