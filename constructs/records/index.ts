/** The flow-log record: its field catalogue and record formats. */
export {
  ALL_FLOW_LOG_FIELDS,
  DEFAULT_FORMAT_FIELDS,
  FLOW_LOG_FIELDS,
  FieldFormat,
  formatFieldProblems,
  isFlowLogField,
  RecordFormat,
  RecordFormatError,
  type FieldCatalogue,
  type FieldKind,
  type FormatFieldProblem,
  type FieldSpec,
  type FlowLogField,
} from "./record-format";
export {
  ALL_TRANSIT_GATEWAY_FIELDS,
  isTransitGatewayField,
  LOSS_CAUSES,
  LOSS_FIELDS,
  parseAnyFormat,
  TRANSIT_GATEWAY_FIELDS,
  TRANSIT_GATEWAY_MTU,
  TransitGatewayFormat,
  transitGatewayFormatProblems,
  VPN_ATTACHMENT_MTU,
  type AnyRecordFormat,
  type LossCause,
  type TransitGatewayField,
} from "./transit-gateway-format";
export { LeftOutReport, missingFields, type LeftOut } from "./left-out";
export { REMOTE_ACCESS_PORTS, SHARED_QUERIES, TCP, type QueryPurpose, type SharedQueryId } from "./query-catalogue";
