// The broken-pipeline corpus and the golden files again, loaded and compiled in this process
// (the corpus test and the golden test run the real CLI in a child process). Here every compiler
// pass and emitter runs where a test can observe it, which is what mutation testing needs.
import { readdirSync, readFileSync } from "node:fs";
import { withBuiltinTokens } from "../../../test/helpers/golden-tokens.ts";
import { describe, expect, it } from "vitest";
import { compilePipeline, emitGraph, formatDiagnostics, planJson, restJobJson, summarize, type Diagnostic } from "@sluice/compiler";
import { emitCliYaml } from "@sluice/compiler/yaml";
import { loadPipelines } from "@sluice/runtime";
import { REPO_ROOT } from "../../../test/helpers/run-node.ts";

const DIR = `${REPO_ROOT}/test/corpus/broken`;
// A file that throws while loading is located from Node's own stack, which only the
// child-process corpus test sees as users do.
const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".pipeline.ts") && f !== "30-error-while-loading.pipeline.ts")
  .sort();

describe("the broken corpus, in process", () => {
  it.each(files)("%s", async (file) => {
    const loaded = await loadPipelines(`${DIR}/${file}`);
    const all: Diagnostic[] = [...loaded.diagnostics];
    for (const { ir } of loaded.pipelines) all.push(...compilePipeline(ir).diagnostics);
    const expected = readFileSync(`${DIR}/${file.replace(/\.pipeline\.ts$/, ".expected")}`, "utf8");
    expect(`${formatDiagnostics(all, REPO_ROOT)}\n`).toBe(expected);
    const errors = expected.split("\n").filter((l) => / SL[0-4]\d\d |\[typescript\]| SL0\d\d /.test(l)).length;
    const warnings = expected.split("\n").filter((l) => / SL5\d\d warning: /.test(l)).length;
    expect(summarize(all)).toBe(`${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
  });
});

describe("the example's golden files, in process", () => {
  it("compiles to the committed REST body, CLI YAML and plan", async () => {
    const example = `${REPO_ROOT}/examples/titanic-automl`;
    const loaded = await loadPipelines(`${example}/titanic.pipeline.ts`);
    const result = compilePipeline(loaded.pipelines[0]?.ir);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const golden = (name: string) => readFileSync(`${REPO_ROOT}/test/golden/titanic-automl/${name}`, "utf8");
    // The golden test compiles into a scratch folder beside this one: emitted paths are the same.
    const out = `${REPO_ROOT}/test/golden/titanic-automl`;
    const plan = planJson(result.model, out);
    expect(withBuiltinTokens(plan, restJobJson(result.model, out))).toBe(golden("titanic_automl.job.json"));
    expect(emitCliYaml(result.model, out)).toBe(golden("titanic_automl.pipeline.yml"));
    expect(withBuiltinTokens(plan, plan)).toBe(golden("titanic_automl.plan.json"));
    const ir = loaded.pipelines[0]?.ir as Parameters<typeof emitGraph>[0];
    expect(emitGraph(ir, "mermaid")).toBe(golden("titanic_automl.graph.mmd"));
    expect(emitGraph(ir, "dot")).toBe(golden("titanic_automl.graph.dot"));
  });
});
