/**
 * The example environments (dev, staging, prod): what the tests of the examples test. Not the
 * app's whole list (`environments` of environments/index.ts), which holds every data file a team
 * adds to the folder too: a team's own environment must not turn the examples' tests red.
 * Imported from their own files, not the folder's index: the index loads the data files when it
 * is imported, so file loading would run outside any test (mutation testing counts each mutant
 * of it as static, run by every test of its module).
 */
import type { EnvironmentConfig } from "../../constructs";
import { dev } from "../../environments/dev";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";

export const EXAMPLE_ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod];
