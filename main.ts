import { App } from "cdktf";
import { addEnvironmentStacks, runApp } from "./constructs";

// One stack per environment (`cdktf deploy dev`), plus `state-bootstrap` for the state bucket
// and `log-archive` for the organisation's archive that staging and prod write to.
// A config mistake or a security finding prints its message, not a stack trace (the
// environments are read inside runApp, so that a data file that cannot be read is one too); run
// with plain node, the app also prints the warnings the cdktf CLI would print.
const app = new App();
runApp(app, () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { APP_OPTIONS, environments } = require("./environments") as typeof import("./environments");
  addEnvironmentStacks(app, environments, APP_OPTIONS);
});
