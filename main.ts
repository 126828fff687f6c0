import { App } from "cdktf";
import { addEnvironmentStacks, synthApp } from "./constructs";
import { environments, STATE_ACCOUNT_ID } from "./environments";

// One stack per environment (`cdktf deploy dev`), plus `state-bootstrap` for the state bucket.
const app = new App();
addEnvironmentStacks(app, environments, { stateAccountId: STATE_ACCOUNT_ID });
// Run with plain node, it also prints the warnings the cdktf CLI would print.
synthApp(app);
