/**
 * The example environments (dev, staging, prod): what the tests of the examples test. Not the
 * app's whole list (`environments` of environments/index.ts), which holds every data file a team
 * adds to the folder too: a team's own environment must not turn the examples' tests red.
 */
import type { EnvironmentConfig } from "../../constructs";
import { dev, prod, staging } from "../../environments";

export const EXAMPLE_ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod];
