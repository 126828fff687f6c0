/** The flow-logs section: traffic, interval, record format, targets and destinations. */
import {
  ALL_FLOW_LOG_FIELDS,
  FlowLogField,
  formatFieldProblems,
  isFlowLogField,
  RecordFormat,
  type FormatFieldProblem,
} from "../../records/record-format";
import {
  ALL_TRANSIT_GATEWAY_FIELDS,
  isTransitGatewayField,
  TransitGatewayField,
  TransitGatewayFormat,
  transitGatewayFormatProblems,
} from "../../records/transit-gateway-format";
import { MAX_DESTINATION_ENTRIES, MAX_FLOW_LOGS_PER_TARGET } from "../limits";
import type { ResolvedDestination, ResolvedFlowLogs } from "../resolved";
import { checkStringList, fieldNames } from "../fields/declare";
import { FLOW_LOGS, MAX_AGGREGATION_INTERVAL, TRAFFIC_TYPE } from "../fields/flow-logs";
import type { MaxAggregationInterval, TrafficType } from "../types";
import { Checker, Obj } from "./checker";
import { checkDestination, DestinationContext, destinationKey } from "./destinations";
import { RESOURCE_ID_RE } from "./patterns";

const FLOW_LOGS_FIELDS = fieldNames(FLOW_LOGS);
export const TRAFFIC_TYPES = TRAFFIC_TYPE.values as readonly TrafficType[];
const INTERVALS = MAX_AGGREGATION_INTERVAL.values as readonly MaxAggregationInterval[];

/** What differs between the two families' format checks. */
interface FormatCheck<F extends string, T> {
  readonly path: string;
  readonly records: string;
  readonly example: string;
  readonly all: readonly F[];
  problems(names: readonly unknown[]): FormatFieldProblem[];
  /** Why a name of the other family does not belong here, or undefined for a name of neither. */
  otherFamily(name: unknown): string | undefined;
  readonly fallback: T;
  custom(fields: F[]): T;
}

/** A format's field list: each unknown, misplaced or repeated name refused by its index. */
function checkFieldList<F extends string, T>(c: Checker, value: unknown, check: FormatCheck<F, T>): T {
  if (value === undefined) return check.fallback;
  if (!Array.isArray(value) || value.length === 0) {
    c.fail(check.path, value, `expected a non-empty list of ${check.records} field names, such as ${check.example}`);
    return check.fallback;
  }
  for (const { index, name, problem } of check.problems(value as unknown[])) {
    c.fail(
      `${check.path}[${index}]`,
      name,
      problem === "duplicate"
        ? "duplicated field: each field may appear once in a format"
        : (check.otherFamily(name) ?? `unknown ${check.records} field; valid fields are ${check.all.join(", ")}`),
    );
  }
  return check.custom(value as F[]);
}

const VPC_FORMAT: FormatCheck<FlowLogField, RecordFormat> = {
  path: "flowLogs.logFormat",
  records: "flow log",
  example: '["srcaddr", "dstaddr"]',
  all: ALL_FLOW_LOG_FIELDS,
  problems: (names) => formatFieldProblems(names),
  otherFamily: (name) =>
    isTransitGatewayField(name)
      ? "a transit gateway field, which VPC records do not have: give it in flowLogs.transitGatewayLogFormat"
      : undefined,
  fallback: RecordFormat.DEFAULT,
  custom: (fields) => RecordFormat.custom(fields),
};

const TRANSIT_GATEWAY_FORMAT: FormatCheck<TransitGatewayField, TransitGatewayFormat> = {
  path: "flowLogs.transitGatewayLogFormat",
  records: "transit gateway",
  example: '["tgw-attachment-id", "packets-lost-no-route"]',
  all: ALL_TRANSIT_GATEWAY_FIELDS,
  problems: transitGatewayFormatProblems,
  otherFamily: (name) => (isFlowLogField(name) ? "a VPC flow log field, which transit gateway records do not have" : undefined),
  fallback: TransitGatewayFormat.DEFAULT,
  custom: (fields) => TransitGatewayFormat.custom(fields),
};

/** The transit gateways' format: their own fields only, and only when a transit gateway is logged. */
function checkTransitGatewayFormat(c: Checker, logFormat: unknown, transitGateways: boolean): TransitGatewayFormat {
  if (logFormat !== undefined && !transitGateways) {
    c.fail(
      TRANSIT_GATEWAY_FORMAT.path,
      logFormat,
      "no transit gateway or attachment is logged here: list them in transitGatewayIds or transitGatewayAttachmentIds, or leave the format out",
    );
  }
  return checkFieldList(c, logFormat, TRANSIT_GATEWAY_FORMAT);
}

function checkTargetIds(c: Checker, v: Obj): Record<keyof typeof RESOURCE_ID_RE, string[]> {
  const ids = {} as Record<keyof typeof RESOURCE_ID_RE, string[]>;
  for (const key of Object.keys(RESOURCE_ID_RE) as (keyof typeof RESOURCE_ID_RE)[]) {
    ids[key] = v[key] === undefined ? [] : checkStringList(c, `flowLogs.${key}`, v[key], FLOW_LOGS.fields[key]);
  }
  return ids;
}

function checkDestinations(c: Checker, list: unknown, env: DestinationContext, transitGateways: boolean): ResolvedDestination[] {
  if (!Array.isArray(list) || list.length === 0) {
    c.fail("flowLogs.destinations", list, "expected a list of 1 or 2 destinations (cloud-watch-logs, s3, kinesis-data-firehose)");
    return [];
  }
  if (list.length > MAX_DESTINATION_ENTRIES) {
    c.fail(
      "flowLogs.destinations",
      list.map((d: Obj) => d?.type),
      `list at most ${MAX_DESTINATION_ENTRIES}: ${MAX_FLOW_LOGS_PER_TARGET} live and the retired ones (delete a retired one once its change is applied)`,
    );
  }
  // A retired destination has no flow log: it does not count against AWS's limit.
  const live = list.filter((d: Obj) => d?.retired !== true);
  if (live.length === 0) {
    c.fail(
      "flowLogs.destinations",
      list.map((d: Obj) => d?.type),
      "every destination is retired: a flow log needs at least one live destination",
    );
  }
  if (live.length > MAX_FLOW_LOGS_PER_TARGET) {
    c.fail(
      "flowLogs.destinations",
      live.map((d: Obj) => d?.type),
      `each target gets one flow log per destination and AWS allows at most ${MAX_FLOW_LOGS_PER_TARGET} flow logs per VPC, subnet or interface (a quota that cannot be raised): list at most ${MAX_FLOW_LOGS_PER_TARGET} (retired ones aside)`,
    );
  }
  const destinations: ResolvedDestination[] = [];
  list.forEach((d: unknown, i: number) => {
    const r = checkDestination(c, `flowLogs.destinations[${i}]`, d, env);
    if (r) destinations.push(r);
  });
  destinations.forEach((d, i) => {
    if (transitGateways && d.type === "cloud-watch-logs" && d.source === "existing") {
      c.fail(
        `flowLogs.destinations[${i}].existing`,
        d.existing.logGroupArn,
        "transit gateway records have another format and go to a log group of their own; with transit gateways, let this project create the log groups",
      );
    }
  });
  const queried = destinations.flatMap((d, i) => (d.type === "s3" && d.athena ? [i] : []));
  if (queried.length > 1) {
    c.fail(
      `flowLogs.destinations[${queried[1]}].athena`,
      true,
      `destinations[${queried[0]}] is queried with Athena already: one archive per environment has the workgroup and database`,
    );
  }
  const keys = destinations.map(destinationKey);
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) c.fail(`flowLogs.destinations[${i}]`, k.slice(k.indexOf(":") + 1), "the same destination is listed twice");
  });
  return destinations;
}

/** Checks the flow-logs section and builds its record format. */
export function checkFlowLogs(c: Checker, v: unknown, env: DestinationContext): ResolvedFlowLogs | undefined {
  if (!c.isObject("flowLogs", v, FLOW_LOGS_FIELDS)) return undefined;
  return c.section(() => {
    c.oneOf("flowLogs.trafficType", v.trafficType, TRAFFIC_TYPES);
    c.oneOf("flowLogs.maxAggregationInterval", v.maxAggregationInterval, INTERVALS);
    const format = checkFieldList(c, v.logFormat, VPC_FORMAT);
    const ids = checkTargetIds(c, v);
    const transitGateways = ids.transitGatewayIds.length + ids.transitGatewayAttachmentIds.length > 0;
    if (transitGateways && v.maxAggregationInterval !== 60) {
      c.fail(
        "flowLogs.maxAggregationInterval",
        v.maxAggregationInterval,
        "transit gateway flow logs need 60: set 60 or log transit gateways from another environment",
      );
    }
    if (transitGateways && v.trafficType !== "ALL") {
      c.fail(
        "flowLogs.trafficType",
        v.trafficType,
        'transit gateway flow logs take no traffic type and record all traffic: set "ALL" when transit gateways are logged',
      );
    }
    const transitGatewayFormat = checkTransitGatewayFormat(c, v.transitGatewayLogFormat, transitGateways);
    const destinations = checkDestinations(c, v.destinations, env, transitGateways);
    return {
      trafficType: v.trafficType as TrafficType,
      maxAggregationInterval: v.maxAggregationInterval as MaxAggregationInterval,
      format,
      transitGatewayFormat,
      destinations,
      ...ids,
      transitGateways,
    };
  });
}
