import { App } from "cdktf";
import { addEnvironmentStacks, runApp } from "./constructs";
import { APP_OPTIONS, environments } from "./environments";

// One stack per environment (`cdktf deploy dev`), plus `state-bootstrap` for the state bucket
// and `log-archive` for the organisation's archive that staging and prod write to.
// A config mistake or a security finding prints its message, not a stack trace; run with plain
// node, the app also prints the warnings the cdktf CLI would print.
const app = new App();
runApp(app, () => addEnvironmentStacks(app, environments, APP_OPTIONS));
