import type { Construct } from "constructs";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { PROJECT_NAME } from "../shared/names";
import type { RecordFormat } from "../records/record-format";
import type { MonitoredLogGroup } from "../flow-logs/destinations/destination";
import type { LeftOutReport } from "../records/left-out";
import { FLOW_QUERIES, renderQuery } from "./queries";

/** A saved query and its rendered text. */
export interface SavedQuery {
  readonly definition: CloudwatchQueryDefinition;
  readonly query: string;
}

/**
 * Saves every query of {@link FLOW_QUERIES} the format supports as a Logs Insights query
 * definition named `network-monitoring/<env>/<id>`, over the flow-log group.
 */
export function addSavedQueries(
  scope: Construct,
  props: { environmentName: string; logGroup: MonitoredLogGroup; format: RecordFormat; leftOut: LeftOutReport },
): Map<string, SavedQuery> {
  const queries = new Map<string, SavedQuery>();
  for (const spec of FLOW_QUERIES) {
    if (props.leftOut.skip("query", spec.id, spec.needs, spec.rejectedOnly)) continue;
    const query = renderQuery(spec, props.format);
    const definition = new CloudwatchQueryDefinition(scope, `query-${spec.id}`, {
      name: `${PROJECT_NAME}/${props.environmentName}/${spec.id}`,
      logGroupNames: [props.logGroup.nameRef],
      queryString: query,
    });
    queries.set(spec.id, { definition, query });
  }
  return queries;
}
