/** `npm run explain -- ...`: flow-log records explained, conversations judged (analysis/explain/main.ts). */
import { explainMain } from "../analysis/explain/main";
import { runWithEnvironmentFormats } from "./environment-formats";

runWithEnvironmentFormats("explain", (argv, formats) => explainMain(argv, formats));
