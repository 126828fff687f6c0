import type { EnvironmentConfig } from "../constructs";
import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";

export { STATE_ACCOUNT_ID, STATE_BUCKET, STATE_REGION } from "./shared";
export { dev, staging, prod };

/** Every environment of this app; `main.ts` makes one stack of each. */
export const environments: EnvironmentConfig[] = [dev, staging, prod];
