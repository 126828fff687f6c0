#!/usr/bin/env node
/**
 * `vpc-flow-log-report [--format "<fields>" | --stack <dir>] [options] [file or folder...] --out
 * report.html`: the report page as the package ships it (the record format as for
 * `vpc-flow-log-explain`).
 */
import { runShippedCommand } from "../explain/main";
import { reportMain } from "./main";

runShippedCommand((argv) => reportMain(argv));
