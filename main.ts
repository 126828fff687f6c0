import { App } from "cdktf";
import { NetworkMonitoringStack, STATE_BOOTSTRAP_STACK, StateBootstrapStack } from "./constructs";
import { environments, STATE_ACCOUNT_ID } from "./environments";

const app = new App();
new StateBootstrapStack(app, STATE_BOOTSTRAP_STACK, { environments, accountId: STATE_ACCOUNT_ID });
for (const environment of environments) new NetworkMonitoringStack(app, { environment });
app.synth();
