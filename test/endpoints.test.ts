// Endpoints in the DSL: attached to a pipeline, checked, and lowered into the plan with their
// scoring code snapshotted, environments registered, and the register step that feeds them named.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePipeline, formatDiagnostics, stableStringify } from "@sluice/compiler";
import { loadPipelines } from "@sluice/runtime";
import { REPO_ROOT } from "./helpers/run-node.ts";

describe("endpoints in the plan", () => {
  it("lowers an online and a batch endpoint, sorted, with code, environment and the model's register step", async () => {
    const loaded = await loadPipelines(join(REPO_ROOT, "test/fixtures/endpoints/endpoints.pipeline.ts"));
    expect(loaded.diagnostics).toEqual([]);
    const result = compilePipeline(loaded.pipelines[0]?.ir);
    if (!result.ok) throw new Error(formatDiagnostics(result.diagnostics, REPO_ROOT));
    const plan = result.model;
    expect(plan.endpoints?.map((e) => `${e.type}:${e.name}`)).toEqual(["batch:titanic-batch", "online:titanic-survival"]);
    const blue = plan.endpoints?.[1]?.deployments[0];
    expect(blue?.model).toEqual({ type: "registered", name: "titanic-survival", version: "latest", registeredBy: "register" });
    const code = plan.codeSnapshots.find((c) => c.id === blue?.scoring?.code);
    expect(code?.files.map((f) => f.path)).toEqual(["score.py"]);
    await expect(`${stableStringify(plan.endpoints, 2)}\n`).toMatchFileSnapshot("fixtures/endpoints/plan-endpoints.json");
  });
});
