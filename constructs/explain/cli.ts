#!/usr/bin/env node
/**
 * `vpc-flow-log-explain [--format "<fields>" | --stack <dir>] [options] [file or folder...]`: the
 * explainer as the package ships it, for a platform team without this repository. The record
 * format comes from `--format`, from a synthesized stack (`--stack`), from an S3 file's header,
 * or from a Parquet file's columns.
 */
import { explainMain, runShippedCommand } from "./main";

runShippedCommand((argv) => explainMain(argv));
