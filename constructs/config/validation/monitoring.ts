/** The monitoring section: subscriptions and alarm settings, merged over their defaults. */
import type { ResolvedAlarm, ResolvedAlarms, ResolvedAnomalyAlarm, ResolvedFlowLogs, ResolvedMonitoring } from "../resolved";
import { checkDeclared, checkStringList, fieldNames } from "../fields/declare";
import { ALARM_DEFAULTS, ALARM_SETTINGS, ALARMS, ANOMALY_ALARM_SETTINGS, MAX_ALARM_WINDOW_SECONDS, MONITORING } from "../fields/monitoring";
import type { Checker } from "./checker";

const MONITORING_FIELDS = fieldNames(MONITORING);
const ALARMS_FIELDS = fieldNames(ALARMS);
const THRESHOLD_ALARM_FIELDS = fieldNames(ALARM_SETTINGS);
const ANOMALY_ALARM_FIELDS = fieldNames(ANOMALY_ALARM_SETTINGS);

/** Checks one alarm's settings (a partial object) and merges them over its defaults. */
export function checkAlarm<T extends ResolvedAlarm | ResolvedAnomalyAlarm>(
  c: Checker,
  path: string,
  v: unknown,
  defaults: T,
): T | undefined {
  const anomaly = "bandWidth" in defaults;
  if (v === undefined) return defaults;
  if (!c.isObject(path, v, anomaly ? ANOMALY_ALARM_FIELDS : THRESHOLD_ALARM_FIELDS)) return undefined;
  return c.section(() => {
    const merged = { ...defaults, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) } as Record<string, unknown>;
    // Each setting's own check, from its declaration; then the rules across settings.
    const ok = Object.fromEntries(
      Object.entries((anomaly ? ANOMALY_ALARM_SETTINGS : ALARM_SETTINGS).fields).map(([field, d]) => [
        field,
        checkDeclared(c, `${path}.${field}`, merged[field], d),
      ]),
    );
    const period = merged.periodSeconds as number;
    const evals = merged.evaluationPeriods as number;
    const dta = merged.datapointsToAlarm as number;
    if (ok.evaluationPeriods && ok.periodSeconds && period * evals > MAX_ALARM_WINDOW_SECONDS) {
      c.fail(`${path}.evaluationPeriods`, evals, `evaluationPeriods x periodSeconds (${period}) may cover at most one day (86400 s)`);
    }
    if (ok.datapointsToAlarm && ok.evaluationPeriods && dta > evals) {
      c.fail(`${path}.datapointsToAlarm`, dta, `at most evaluationPeriods (${evals})`);
    }
    return merged as T;
  });
}

/** Checks partial alarm settings, every alarm merged over {@link ALARM_DEFAULTS}. */
export function checkAlarms(c: Checker, path: string, raw: unknown): ResolvedAlarms | undefined {
  if (!c.isObject(path, raw ?? {}, ALARMS_FIELDS)) return undefined;
  const v = (raw ?? {}) as Record<string, unknown>;
  const rejectedFlows = checkAlarm(c, `${path}.rejectedFlows`, v.rejectedFlows, ALARM_DEFAULTS.rejectedFlows);
  const rejectedRemoteAccess = checkAlarm(c, `${path}.rejectedRemoteAccess`, v.rejectedRemoteAccess, ALARM_DEFAULTS.rejectedRemoteAccess);
  const skipData = checkAlarm(c, `${path}.skipData`, v.skipData, ALARM_DEFAULTS.skipData);
  const bytesAnomaly = checkAlarm(c, `${path}.bytesAnomaly`, v.bytesAnomaly, ALARM_DEFAULTS.bytesAnomaly);
  const transitGatewayPacketsLost = checkAlarm(
    c,
    `${path}.transitGatewayPacketsLost`,
    v.transitGatewayPacketsLost,
    ALARM_DEFAULTS.transitGatewayPacketsLost,
  );
  if (!rejectedFlows || !rejectedRemoteAccess || !skipData || !bytesAnomaly || !transitGatewayPacketsLost) return undefined;
  return { rejectedFlows, rejectedRemoteAccess, skipData, bytesAnomaly, transitGatewayPacketsLost };
}

/**
 * Checks the monitoring section against the destinations: it reads the CloudWatch Logs group,
 * so it is required with one and refused without. In production, alarms must reach someone.
 * Returns `null` when there is rightly no monitoring.
 */
export function checkMonitoring(
  c: Checker,
  v: unknown,
  flowLogs: ResolvedFlowLogs | undefined | "standalone",
  production: boolean,
): ResolvedMonitoring | null | undefined {
  // Flow logs with a problem of their own: whether monitoring belongs is unknown; check only what is given.
  if (flowLogs === undefined && v === undefined) return undefined;
  if (flowLogs === "standalone") flowLogs = undefined;
  const monitored = flowLogs?.destinations.some((d) => d.type === "cloud-watch-logs");
  if (flowLogs && !monitored) {
    if (v !== undefined) {
      c.fail(
        "monitoring",
        v,
        'it reads the CloudWatch Logs group, and no flowLogs.destinations entry is of type "cloud-watch-logs": remove monitoring, or add such a destination',
      );
      return undefined;
    }
    return null;
  }
  if (v === undefined && flowLogs) {
    c.fail("monitoring", v, 'required with a "cloud-watch-logs" destination: at least { alarmEmails: [...] }');
    return undefined;
  }
  const resolved = checkMonitoringSection(c, v);
  if (resolved && production && resolved.alarmEmails.length === 0 && resolved.httpsEndpoints.length === 0) {
    c.fail(
      "monitoring.alarmEmails",
      [],
      "a production environment's alarms must notify someone: list an e-mail address (or monitoring.httpsEndpoints)",
    );
    return undefined;
  }
  return resolved;
}

function checkMonitoringSection(c: Checker, v: unknown): ResolvedMonitoring | undefined {
  if (!c.isObject("monitoring", v, MONITORING_FIELDS)) return undefined;
  return c.section(() => {
    const fields = MONITORING.fields;
    const alarmEmails = checkStringList(c, "monitoring.alarmEmails", v.alarmEmails, fields.alarmEmails);
    const httpsEndpoints =
      v.httpsEndpoints === undefined ? [] : checkStringList(c, "monitoring.httpsEndpoints", v.httpsEndpoints, fields.httpsEndpoints);
    const alarms = checkAlarms(c, "monitoring.alarms", v.alarms);
    return alarms && { alarmEmails, httpsEndpoints, alarms };
  });
}
