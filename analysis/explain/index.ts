/**
 * Flow-log records explained: each record explained, conversations judged, refusals attributed
 * to a layer and, given the rules, to a rule. The package's `vpc-flow-log-monitoring/explain`
 * entry: it loads no cdktf (the record format comes from `records/record-format`, never from
 * `records/index`, whose left-out report uses cdktf's annotations).
 */
export {
  explainRecords,
  RecordExplainer,
  type Direction,
  type Endpoint,
  type Explained,
  type ExplainedConversation,
  type ExplainedSink,
  type ExplainedRecord,
  type ExplainOptions,
  type ExplainProblem,
} from "./explain";
export { parseFormat, parseRecord, RecordProblem, type FlowRecord, type RecordLayout } from "./record";
export type { ConversationSpan } from "./conversations";
export type { ExplainedJudgedRow, JudgedRow } from "./judged-rows";
export {
  explainTransitGatewayRecord,
  transitGatewayValues,
  LOSS_GROUPS_SHOWN,
  TransitGatewayLosses,
  TransitGatewayRecord,
  transitGatewayFilter,
  type ExplainedTransitGatewayRecord,
  type LossGroup,
  type TransitGatewayLoss,
  type TransitGatewaySide,
} from "./transit-gateway";
export {
  ALL_TRANSIT_GATEWAY_FIELDS,
  LOSS_CAUSES,
  LOSS_FIELDS,
  parseAnyFormat,
  TRANSIT_GATEWAY_FIELDS,
  TransitGatewayFormat,
  type AnyRecordFormat,
  type LossCause,
  type TransitGatewayField,
} from "../../constructs/records/transit-gateway-format";
export type { CommandSpec, OptionSpec } from "../command/runner";
export { explainArguments, type ExplainArguments } from "./arguments";
export { runExplain } from "./command";
export { explainMain, formatOfStack, withStackFormat } from "./main";
export { recordFilter, recordSelector, recordView, type RecordFilterOptions, type RecordView } from "./filter";
export { expandSources, isParquetFile, readParquetRecords } from "./parquet";
export {
  ALL_FLOW_LOG_FIELDS,
  DEFAULT_FORMAT_FIELDS,
  FieldFormat,
  FLOW_LOG_FIELDS,
  RecordFormat,
  RecordFormatError,
  type FieldKind,
  type FieldSpec,
  type FlowLogField,
  type FormatFieldProblem,
} from "../../constructs/records/record-format";
export {
  inCidr,
  RuleSet,
  RulesFileError,
  RulesJudge,
  type AclEntry,
  type IcmpClass,
  type IcmpMatch,
  type NetworkInterface,
} from "./network-rules";
export type { RefusalJudge, RuleJudge, RuleJudgment, RuleQuestion } from "./question";
export {
  SENTENCES,
  type ConversationWords,
  type IcmpClassWords,
  type Language,
  type Layer,
  type RecordWords,
  type Sentences,
  type TrackingTimeouts,
  type VerdictCode,
} from "./sentences";
export {
  DIRECTION_RULES,
  RECORDS_VERDICTS,
  REFUSED_VERDICTS,
  REQUEST_RULES,
  SIDE_FACTS,
  VERDICT_RULES,
  type RecordsVerdict,
  type RequestDirection,
  type RequestRule,
  type RuleCondition,
  type SideFact,
  type VerdictRule,
} from "../../constructs/records/verdicts";
export { flagNames, isPrivateAddress, isServicePort, PROTOCOLS, SERVICES, TCP_FLAGS } from "../../constructs/records/vocabulary";
