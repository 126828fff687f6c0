/**
 * A JSON schema of the CloudWatch dashboard body, written from AWS's "Dashboard Body
 * Structure and Syntax" documentation for the widget types this project uses (text, metric,
 * log, alarm). Unknown properties are refused so that a typo does not pass unseen.
 */
const region = { type: "string", pattern: "^[a-z]{2}(-gov)?-[a-z]+-\\d$" };
const title = { type: "string", minLength: 1 };

const renderingProperties = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[a-z][A-Za-z0-9_]*$" },
    label: { type: "string" },
    expression: { type: "string" },
    color: { type: "string", pattern: "^#[0-9a-fA-F]{6}$" },
    period: { type: "integer", minimum: 1 },
    stat: { type: "string" },
    visible: { type: "boolean" },
    yAxis: { enum: ["left", "right"] },
    region,
    accountId: { type: "string", pattern: "^\\d{12}$" },
  },
};

/** One entry of `metrics`: `[Namespace, MetricName, (DimensionName, DimensionValue)*, {rendering}?]` or `[{expression, ...}]`. */
const metricEntry = {
  type: "array",
  minItems: 1,
  oneOf: [
    {
      prefixItems: [
        { type: "string", minLength: 1 },
        { type: "string", minLength: 1 },
      ],
      items: { anyOf: [{ type: "string" }, renderingProperties] },
      minItems: 2,
    },
    {
      prefixItems: [{ allOf: [renderingProperties, { type: "object", required: ["expression"] }] }],
      items: false,
    },
  ],
};

const base = {
  x: { type: "integer", minimum: 0, maximum: 23 },
  y: { type: "integer", minimum: 0 },
  width: { type: "integer", minimum: 1, maximum: 24 },
  height: { type: "integer", minimum: 1, maximum: 1000 },
};

const widget = (type: string, properties: object, required: string[]) => ({
  type: "object",
  additionalProperties: false,
  required: ["type", "x", "y", "width", "height", "properties"],
  properties: {
    type: { const: type },
    ...base,
    properties: { type: "object", additionalProperties: false, required, properties },
  },
});

export const DASHBOARD_BODY_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  required: ["widgets"],
  properties: {
    start: { type: "string", pattern: "^-P(T\\d+[HMS]|\\d+[DWM])" },
    end: { type: "string" },
    periodOverride: { enum: ["auto", "inherit"] },
    widgets: {
      type: "array",
      maxItems: 500,
      items: {
        oneOf: [
          widget("text", { markdown: { type: "string", minLength: 1 }, background: { enum: ["solid", "transparent"] } }, ["markdown"]),
          widget(
            "metric",
            {
              metrics: { type: "array", minItems: 1, items: metricEntry },
              region,
              title,
              view: { enum: ["timeSeries", "singleValue", "gauge", "bar", "pie"] },
              stacked: { type: "boolean" },
              stat: { type: "string" },
              period: { type: "integer", minimum: 60, multipleOf: 60 },
              liveData: { type: "boolean" },
            },
            ["metrics", "region"],
          ),
          widget(
            "log",
            {
              query: { type: "string", pattern: "^SOURCE '[^']+'( \\| SOURCE '[^']+')* \\| " },
              region,
              title,
              view: { enum: ["table", "timeSeries", "bar", "line", "stackedarea", "pie"] },
              stacked: { type: "boolean" },
            },
            ["query", "region"],
          ),
          widget(
            "alarm",
            {
              alarms: {
                type: "array",
                minItems: 1,
                maxItems: 100,
                items: { type: "string", pattern: "^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\\d{12}:alarm:.+$" },
              },
              title,
              sortBy: { enum: ["default", "stateUpdatedTimestamp", "timestamp"] },
              states: { type: "array", items: { enum: ["ALARM", "INSUFFICIENT_DATA", "OK"] } },
            },
            ["alarms"],
          ),
        ],
      },
    },
  },
} as const;
