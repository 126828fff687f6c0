#!/usr/bin/env node
/**
 * `vpc-flow-log-explain [options] [file or folder...]`: the explainer as the package ships it,
 * for a platform team without this repository. The record format comes from `--format`, from a
 * synthesized stack (`--stack`), from an S3 file's header, or from a Parquet file's columns.
 */
import { SHIPPED_EXPLAIN_COMMAND } from "./arguments";
import { explainMain } from "./main";

void explainMain(process.argv.slice(2), new Map(), SHIPPED_EXPLAIN_COMMAND);
