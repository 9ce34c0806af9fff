import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runNode } from "./helpers/run-node.ts";

const DIR = "test/corpus/broken";
const files = readdirSync(`${REPO_ROOT}/${DIR}`)
  .filter((f) => f.endsWith(".pipeline.ts"))
  .sort();

// One real Node process for the whole corpus: positions come from Node's own type stripping.
const run = runNode(["test/helpers/diagnose.ts", ...files.map((f) => `${DIR}/${f}`)]);
const results = JSON.parse(run.stdout || "{}") as Record<string, string>;

describe("broken pipeline corpus", () => {
  it("has at least 20 cases and every one reports something", () => {
    expect(run.stderr).toBe("");
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) expect(results[`${DIR}/${f}`]?.trim(), f).not.toBe("");
  });

  it.each(files)("%s gives its exact located diagnostics", async (file) => {
    const text = results[`${DIR}/${file}`] ?? "";
    expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    await expect(text).toMatchFileSnapshot(`corpus/broken/${file.replace(/\.pipeline\.ts$/, ".expected")}`);
  });
});
