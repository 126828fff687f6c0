/** `npm run report -- ... --out report.html`: a page of what the records show (analysis/report/main.ts). */
import { reportMain } from "../analysis/report/main";
import { runWithEnvironmentFormats } from "./environment-formats";

runWithEnvironmentFormats("report", (argv, formats) => reportMain(argv, formats));
