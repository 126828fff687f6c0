/**
 * The body of an environment's CloudWatch dashboard, as plain data: every name in it (log
 * group, namespace, alarm ARNs) is known at synth time, so the synthesized JSON and the plan
 * show the dashboard as it will be, for review.
 */

/** CloudWatch dashboards are 24 columns wide. */
export const DASHBOARD_COLUMNS = 24;

/** A widget before layout. */
export interface WidgetSpec {
  readonly type: "text" | "metric" | "log" | "alarm";
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/** A widget placed on the grid. */
export interface PlacedWidget extends WidgetSpec {
  readonly x: number;
  readonly y: number;
}

/** A dashboard body. */
export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: "auto" | "inherit";
  readonly widgets: PlacedWidget[];
}

/**
 * Places widgets left to right on the 24-column grid, starting a new row when the next one
 * would not fit; a row is as tall as its tallest widget.
 */
export function layoutWidgets(widgets: readonly WidgetSpec[]): PlacedWidget[] {
  const placed: PlacedWidget[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const w of widgets) {
    if (w.width < 1 || w.width > DASHBOARD_COLUMNS) throw new Error(`a widget is 1 to ${DASHBOARD_COLUMNS} columns wide, not ${w.width}`);
    if (x + w.width > DASHBOARD_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    placed.push({ ...w, x, y });
    x += w.width;
    rowHeight = Math.max(rowHeight, w.height);
  }
  return placed;
}

/** Widths that share a row evenly among `n` widgets (at most 4 a row). */
export function evenWidth(n: number): number {
  return Math.floor(DASHBOARD_COLUMNS / Math.min(Math.max(n, 1), 4));
}

/** A text widget. */
export function textWidget(markdown: string, height: number): WidgetSpec {
  return { type: "text", width: DASHBOARD_COLUMNS, height, properties: { markdown } };
}

/** A Logs Insights widget over one log group. */
export function logWidget(args: {
  logGroupName: string;
  query: string;
  region: string;
  title: string;
  view: "table" | "timeSeries" | "bar";
  width: number;
}): WidgetSpec {
  return {
    type: "log",
    width: args.width,
    height: 8,
    properties: {
      query: `SOURCE '${args.logGroupName}' | ${args.query}`,
      region: args.region,
      title: args.title,
      view: args.view,
      ...(args.view === "timeSeries" ? { stacked: false } : {}),
    },
  };
}

/** A metric widget: sums per period of the given metrics (and expressions). */
export function metricWidget(args: {
  metrics: unknown[][];
  region: string;
  title: string;
  periodSeconds: number;
  width: number;
}): WidgetSpec {
  return {
    type: "metric",
    width: args.width,
    height: 6,
    properties: {
      metrics: args.metrics,
      region: args.region,
      title: args.title,
      view: "timeSeries",
      stacked: false,
      stat: "Sum",
      period: args.periodSeconds,
    },
  };
}

/** An alarm-status widget. */
export function alarmStatusWidget(alarmArns: readonly string[], title: string): WidgetSpec {
  return {
    type: "alarm",
    width: DASHBOARD_COLUMNS,
    height: 3,
    properties: { title, alarms: [...alarmArns], sortBy: "stateUpdatedTimestamp" },
  };
}

/** A dashboard body over the last day, with widgets laid out on the grid. */
export function dashboardBody(widgets: readonly WidgetSpec[]): DashboardBody {
  return { start: "-PT24H", periodOverride: "inherit", widgets: layoutWidgets(widgets) };
}
