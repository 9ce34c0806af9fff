import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, SHARED_DIR } from "./helpers/run-node.ts";

// shared/reference/titanic-sdk-v2-rest.json is what the official SDK v2 sends for this pipeline
// (its nodes are named p, t, register_model; its componentIds still hold component YAML).
const reference = JSON.parse(readFileSync(join(SHARED_DIR, "reference", "titanic-sdk-v2-rest.json"), "utf8"));
const NODE_NAMES: Record<string, string> = { p: "dataprep", t: "automl_classification", register_model: "register_model" };

const out = mkdtempSync(join(REPO_ROOT, "test", ".ref-"));
runCli(["compile", "examples/titanic-automl", "--out", out]);
const ours = JSON.parse(readFileSync(join(out, "titanic_automl.job.json"), "utf8"));
rmSync(out, { recursive: true });

/** Renames the reference's node names to ours inside keys and `${{parent.jobs.X...}}` bindings. */
function renameNodes(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/parent\.jobs\.(\w+)\./g, (_, n: string) => `parent.jobs.${NODE_NAMES[n] ?? n}.`);
  if (Array.isArray(value)) return value.map(renameNodes);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameNodes(v)]));
  }
  return value;
}

describe("REST body versus the official SDK v2's", () => {
  const ref = renameNodes(reference) as { properties: Record<string, any> };
  const mine = ours.properties;
  const theirs = ref.properties;

  it("has the same top level, apart from the pipeline output's stated type", () => {
    for (const key of ["description", "displayName", "experimentName", "inputs", "isArchived", "jobType", "properties", "tags"]) {
      expect(mine[key], key).toEqual(theirs[key]);
    }
    // Settings the author did not set (continue_on_step_failure here) are not sent, as the SDK does.
    expect(mine.settings).toEqual(theirs.settings);
    expect(theirs.outputs).toEqual({ model_output: { jobOutputType: "uri_folder" } });
    expect(mine.outputs).toEqual({ model_output: { jobOutputType: "mlflow_model" } });
  });

  it("has the walkthrough's nodes with the same keys, bindings and outputs (component ids aside), plus the retraining steps", () => {
    // The example extends the walkthrough for nightly retraining: a held-out split, which AutoML
    // now trains on the rest of, and a deploy step promoting only a better model.
    expect(Object.keys(mine.jobs).sort()).toEqual([...Object.values(NODE_NAMES), "promote", "split"].sort());
    expect(mine.jobs.automl_classification.training_data).toBe("${{parent.jobs.split.outputs.train_data}}");
    expect(theirs.jobs.t.training_data).toBe("${{parent.jobs.dataprep.outputs.output_path}}");
    for (const [refName, name] of Object.entries(NODE_NAMES)) {
      const { componentId: _a, name: _n1, display_name: _d, ...node } = mine.jobs[name];
      const { componentId: _b, name: _n2, ...expected } = theirs.jobs[refName];
      if (name === "automl_classification") node.training_data = expected.training_data;
      expect(node, name).toEqual(expected);
    }
  });

  it("keeps the AutoML node inline (no componentId) and command nodes on placeholders", () => {
    expect(mine.jobs.automl_classification.componentId).toBeUndefined();
    expect(mine.jobs.dataprep.componentId).toMatch(/^sluice:component:dataprep:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
