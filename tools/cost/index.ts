/** The cost estimate: price catalogue, resources of a stack or a plan, the estimate and its tables. */
export * from "./catalogue";
export * from "./estimate";
export * from "./render";
export * from "./resources";
export * from "./stacks";
export * from "./command";
export * from "./diff";
