import { App } from "cdktf";
import { addEnvironmentStacks } from "./constructs";
import { environments, STATE_ACCOUNT_ID } from "./environments";

// One stack per environment (`cdktf deploy dev`), plus `state-bootstrap` for the state bucket.
const app = new App();
addEnvironmentStacks(app, environments, { stateAccountId: STATE_ACCOUNT_ID });
app.synth();
