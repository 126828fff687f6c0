/** The monitoring's fields: subscriptions and the settings of each alarm. */
import { EMAIL_RE, HTTPS_URL_RE } from "../validation/patterns";
import type { ResolvedAlarms } from "../resolved";
import type { ObjectDecl } from "./declare";

/** The default of each alarm: thresholds that suit a small VPC, to be tuned per environment. */
export const ALARM_DEFAULTS: ResolvedAlarms = {
  rejectedFlows: { enabled: true, threshold: 100, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
  rejectedRemoteAccess: { enabled: true, threshold: 20, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  skipData: { enabled: true, threshold: 0, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  bytesAnomaly: { enabled: false, bandWidth: 3, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  transitGatewayPacketsLost: { enabled: true, threshold: 0, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
};
const THRESHOLD_ALARMS = ["rejectedFlows", "rejectedRemoteAccess", "skipData", "transitGatewayPacketsLost"] as const;

/** A setting's default of each threshold alarm, as text ("rejectedFlows 3, ..."). */
function perAlarm(setting: "threshold" | "evaluationPeriods" | "datapointsToAlarm"): string {
  return `per alarm (ALARM_DEFAULTS): ${THRESHOLD_ALARMS.map((a) => `${a} ${ALARM_DEFAULTS[a][setting]}`).join(", ")}`;
}

/** An alarm's defaults as text ("sum > 100 in 2 of 3 periods of 300 s"). */
function alarmDefault(a: (typeof THRESHOLD_ALARMS)[number]): string {
  const d = ALARM_DEFAULTS[a];
  const periods = d.evaluationPeriods === 1 ? "1 period" : `${d.datapointsToAlarm} of ${d.evaluationPeriods} periods`;
  return `sum > ${d.threshold} in ${periods} of ${d.periodSeconds} s`;
}

/** CloudWatch allows evaluation periods x period up to one day. */
export const MAX_ALARM_WINDOW_SECONDS = 86400;

const PERIOD = {
  kind: "number",
  integer: true,
  minimum: 60,
  maximum: MAX_ALARM_WINDOW_SECONDS,
  multipleOf: 60,
  valid: "metric filters publish one-minute data: expected 60 or a multiple of 60, at most 86400",
} as const;
const COUNT = { kind: "number", integer: true, minimum: 1, maximum: 100 } as const;

export const ALARM_SETTINGS: ObjectDecl = {
  kind: "object",
  name: "AlarmSettings",
  description: "When an alarm fires: a statistic over periods compared with a threshold.",
  fields: {
    enabled: { kind: "boolean", description: "Turn the alarm off (its metric filter stays).", optional: true, defaultText: "true (on)" },
    threshold: {
      kind: "number",
      minimum: 0,
      valid: "expected a number of 0 or more (the alarm fires when a period's sum is above it)",
      description: "Threshold: the alarm fires when the period's sum is above it.",
      defaultText: perAlarm("threshold"),
    },
    periodSeconds: { ...PERIOD, description: "Length of one period in seconds: 60 or a multiple of 60.", defaultText: "300" },
    evaluationPeriods: {
      ...COUNT,
      description: "Number of recent periods looked at.",
      defaultText: perAlarm("evaluationPeriods"),
    },
    datapointsToAlarm: {
      ...COUNT,
      description: "Of those, how many must breach (at most evaluationPeriods).",
      defaultText: perAlarm("datapointsToAlarm"),
    },
  },
};

export const ANOMALY_ALARM_SETTINGS: ObjectDecl = {
  kind: "object",
  name: "AnomalyAlarmSettings",
  description: "The anomaly-detection alarm on bytes.",
  fields: {
    enabled: { kind: "boolean", description: "Turn it on.", optional: true, defaultText: "false" },
    bandWidth: {
      kind: "number",
      exclusiveMinimum: 0,
      maximum: 100,
      valid: "expected a number of standard deviations above 0 and at most 100, such as 2 or 3",
      description: "Width of the expected band in standard deviations (ANOMALY_DETECTION_BAND's second argument).",
      defaultText: String(ALARM_DEFAULTS.bytesAnomaly.bandWidth),
    },
    periodSeconds: {
      ...PERIOD,
      description: "Length of one period in seconds.",
      defaultText: String(ALARM_DEFAULTS.bytesAnomaly.periodSeconds),
    },
    evaluationPeriods: {
      ...COUNT,
      description: "Number of recent periods looked at.",
      defaultText: String(ALARM_DEFAULTS.bytesAnomaly.evaluationPeriods),
    },
    datapointsToAlarm: {
      ...COUNT,
      description: "Of those, how many must be above the band.",
      defaultText: String(ALARM_DEFAULTS.bytesAnomaly.datapointsToAlarm),
    },
  },
};

export const ALARMS: ObjectDecl = {
  kind: "object",
  name: "AlarmsConfig",
  description: "The alarms of an environment, each with defaults that suit a small VPC.",
  fields: {
    rejectedFlows: {
      ...ALARM_SETTINGS,
      optional: true,
      description: "Rejected flows above a threshold.",
      defaultText: alarmDefault("rejectedFlows"),
    },
    rejectedRemoteAccess: {
      ...ALARM_SETTINGS,
      optional: true,
      description: "Rejected SSH/RDP attempts (TCP 22 or 3389) above a threshold.",
      defaultText: alarmDefault("rejectedRemoteAccess"),
    },
    skipData: {
      ...ALARM_SETTINGS,
      optional: true,
      description: "Any SKIPDATA record (the flow log service dropped records: capacity or an internal error).",
      defaultText: alarmDefault("skipData"),
    },
    bytesAnomaly: {
      ...ANOMALY_ALARM_SETTINGS,
      optional: true,
      description: "Bytes outside the band that CloudWatch anomaly detection learns.",
      defaultText: "off",
    },
    transitGatewayPacketsLost: {
      ...ALARM_SETTINGS,
      optional: true,
      description:
        "Packets a logged transit gateway dropped, one alarm per cause (no route, blackhole, MTU exceeded, TTL expired): when its records go to a CloudWatch Logs group created here.",
      defaultText: alarmDefault("transitGatewayPacketsLost"),
    },
  },
};

export const MONITORING: ObjectDecl = {
  kind: "object",
  name: "MonitoringConfig",
  description: "Alarms and notifications of an environment.",
  fields: {
    alarmEmails: {
      kind: "list",
      description:
        "E-mail addresses subscribed to the environment's alarm topic. Each address must confirm its subscription; Terraform cannot delete a subscription that was never confirmed.",
      items: { kind: "string", pattern: EMAIL_RE, valid: "expected an e-mail address such as network-alerts@example.com" },
      unique: true,
      example: ["network-alerts@example.com"],
    },
    httpsEndpoints: {
      kind: "list",
      description: "HTTPS endpoints subscribed to the alarm topic (such as a chat webhook relay).",
      items: {
        kind: "string",
        pattern: HTTPS_URL_RE,
        valid: "expected an https:// URL (SNS delivers alarms to HTTPS endpoints only over TLS)",
      },
      unique: true,
      defaultText: "none",
      example: ["https://hooks.example.com/network-alerts"],
    },
    alarms: { ...ALARMS, optional: true, description: "Alarm thresholds and periods.", defaultText: "the defaults of each alarm" },
  },
};
