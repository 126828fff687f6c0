/** The whole tree, tests included, type-checks and builds (`tsc`, run beside the other tests by `npm test`). */
import { buildResult } from "../support/build";

test("the tree type-checks and builds", async () => {
  const r = await buildResult();
  expect(r.output).toBe("");
  expect(r.code).toBe(0);
});
