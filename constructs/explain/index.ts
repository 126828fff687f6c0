/** Flow-log records explained: each record in words, conversations judged, refusals attributed to a layer and, given the rules, to a rule. */
export {
  explainRecords,
  RecordExplainer,
  type Direction,
  type Endpoint,
  type Explained,
  type ExplainedConversation,
  type ExplainedRecord,
  type ExplainOptions,
  type ExplainProblem,
} from "./explain";
export { parseFormat, parseRecord, RecordProblem, type FlowRecord } from "./record";
export { inCidr, RuleSet, RulesFileError, RulesJudge, type RuleJudge, type RuleQuestion } from "./rules";
export { SENTENCES, type ConversationWords, type Language, type RecordWords, type Sentences, type VerdictCode } from "./sentences";
export { flagNames, isPrivateAddress, isServicePort, PROTOCOLS, SERVICES, TCP_FLAGS } from "./vocabulary";
