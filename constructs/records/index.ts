/** The flow-log record: its field catalogue and record formats. */
export {
  ALL_FLOW_LOG_FIELDS,
  DEFAULT_FORMAT_FIELDS,
  FLOW_LOG_FIELDS,
  formatFieldProblems,
  isFlowLogField,
  RecordFormat,
  RecordFormatError,
  type FieldKind,
  type FormatFieldProblem,
  type FieldSpec,
  type FlowLogField,
} from "./record-format";
export { LeftOutReport, missingFields, type LeftOut } from "./left-out";
export { REMOTE_ACCESS_PORTS, SHARED_QUERIES, TCP, type QueryPurpose, type SharedQueryId } from "./query-catalogue";
