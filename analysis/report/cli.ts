#!/usr/bin/env node
/**
 * `vpc-flow-log-report [options] [file or folder...] --out report.html`: the report page as the
 * package ships it (the record format as for `vpc-flow-log-explain`).
 */
import { SHIPPED_REPORT_COMMAND } from "./command";
import { reportMain } from "./main";

void reportMain(process.argv.slice(2), new Map(), SHIPPED_REPORT_COMMAND);
