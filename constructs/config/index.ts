/** The configuration: its types, its defaults and its resolved form (validation is in `validation/`). */
export * from "./types";
export * from "./defaults";
export * from "./resolved";
