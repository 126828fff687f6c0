import * as fs from "fs";
import * as path from "path";
import { loadEnvironmentFiles, withSource, type EnvironmentConfig } from "../constructs";
import { dev } from "./dev";
import { prod } from "./prod";
import { staging } from "./staging";

export { APP_OPTIONS, LOG_ARCHIVE, STATE_ACCOUNT_ID, STATE_BUCKET, STATE_REGION } from "./shared";
export { dev, staging, prod };

/**
 * This folder in the source tree: where the data files are, whether this module runs from
 * source (tests) or compiled under `dist/environments` (the app). Installed from the package,
 * there is none, and the example environments are the TypeScript ones.
 */
const SOURCE_DIR = [__dirname, path.resolve(__dirname, "..", "..", "environments")].find((d) => fs.existsSync(path.join(d, "dev.ts")));

/**
 * Every environment of this app; `main.ts` makes one stack of each: the TypeScript ones below,
 * then every `<name>.yaml`, `.yml` or `.json` file of this folder, in file-name order.
 */
export const environments: EnvironmentConfig[] = [
  withSource(dev, "environments/dev.ts"),
  withSource(staging, "environments/staging.ts"),
  withSource(prod, "environments/prod.ts"),
  ...(SOURCE_DIR ? loadEnvironmentFiles(SOURCE_DIR, "environments") : []),
];
