/** Amazon Athena over the flow-log archive in S3: the table AWS's layout needs, and a guarded workgroup. */
export { ArchiveAthena, ATHENA_ENGINE_VERSION, TRANSIT_GATEWAY_TABLE, type ArchiveAthenaProps } from "./archive-athena";
export { athenaColumns, columnName, quoted, RESERVED_COLUMNS, transitGatewayColumns, type AthenaColumn } from "./columns";
export {
  archiveLayout,
  DATE_PROJECTION_FORMAT,
  HIVE_YEAR_SPAN,
  locationTemplate,
  partitionColumns,
  projectionParameters,
  tableLocation,
  type ArchiveLayout,
  type OrganizationPartitions,
  type PartitionColumn,
} from "./layout";
export type { MemberNetwork } from "./member-networks";
export {
  FLOW_LOG_TABLE,
  NAMED_QUERIES,
  ORGANIZATION_QUERIES,
  NAMED_QUERY_WINDOW_DAYS,
  renderNamedQuery,
  TIME_BIN_SECONDS,
  windowCondition,
  type NamedQuerySpec,
  type SqlContext,
} from "./named-queries";
export {
  CONVERSATION_GAP_SECONDS,
  conversationsSql,
  refusedConversationsSql,
  verdictsBySql,
  type ConversationSqlContext,
} from "./verdict-queries";
export {
  renderTransitGatewayNamedQuery,
  TRANSIT_GATEWAY_NAMED_QUERIES,
  transitGatewayQueryFits,
  type TransitGatewayNamedQuerySpec,
  type TransitGatewaySqlContext,
} from "./transit-gateway-queries";
