#!/usr/bin/env node
/**
 * `vpc-flow-log-report [--format "<fields>" | --stack <dir>] [options] [file or folder...] --out
 * report.html`: the report page as the package ships it (the record format as for
 * `vpc-flow-log-explain`).
 */
import { withStackFormat } from "../explain/main";
import { reportMain } from "./main";

function main(): void {
  let argv: string[];
  try {
    argv = withStackFormat(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
    return;
  }
  void reportMain(argv);
}

main();
