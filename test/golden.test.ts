import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";
import { type Component, type Snapshot, withBuiltinTokens } from "./helpers/golden-tokens.ts";

// Outputs are compiled into scratch folders at the golden folder's depth, so relative paths in
// them (code: ../../examples/...) are the same bytes as in the committed golden files.
const scratch: string[] = [];
function compileExample(): Record<string, string> {
  const out = mkdtempSync(join(REPO_ROOT, "test", "golden", ".scratch-"));
  scratch.push(out);
  const run = runCli(["compile", "examples/titanic-automl", "--out", out]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return Object.fromEntries(
    readdirSync(out)
      .sort()
      .map((f) => [f, readFileSync(join(out, f), "utf8")]),
  );
}

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("titanic-automl example", () => {
  const first = compileExample();

  it("writes exactly the job, pipeline YAML, plan, schedule, endpoint requests and endpoint YAML", () => {
    expect(Object.keys(first)).toEqual([
      "titanic_automl.endpoints.json",
      "titanic_automl.job.json",
      "titanic_automl.pipeline.yml",
      "titanic_automl.plan.json",
      "titanic_automl.titanic-batch.endpoint.yml",
      "titanic_automl.titanic-batch.nightly.deployment.yml",
      "titanic_automl.titanic-nightly-retrain.schedule.json",
      "titanic_automl.titanic-nightly-retrain.schedule.yml",
      "titanic_automl.titanic-survival.blue.deployment.yml",
      "titanic_automl.titanic-survival.endpoint.yml",
    ]);
  });

  const plan = first["titanic_automl.plan.json"] as string;
  const golden = Object.fromEntries(Object.entries(first).map(([name, text]) => [name, withBuiltinTokens(plan, text)]));
  it.each(Object.keys(first))("%s matches its golden file", async (name) => {
    await expect(golden[name]).toMatchFileSnapshot(`golden/titanic-automl/${name}`);
  });

  it("hashes the built-in scripts as they are on disk, so an edit to one changes its snapshot and component versions", () => {
    const plan = JSON.parse(first["titanic_automl.plan.json"] as string) as { codeSnapshots: Snapshot[]; components: Component[] };
    const builtin = plan.codeSnapshots.find((s) => s.builtin) as Snapshot;
    const dir = join(REPO_ROOT, "test/golden/scratch", builtin.path);
    expect(builtin.files.length).toBeGreaterThan(0);
    for (const f of builtin.files) {
      const bytes = readFileSync(join(dir, f.path));
      expect({ path: f.path, sha256: f.sha256, size: f.size }).toEqual({
        path: f.path,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        size: bytes.length,
      });
    }
    expect(builtin.bytes).toBe(builtin.files.reduce((n, f) => n + f.size, 0));
    expect(builtin.id).toBe(`code-${builtin.sha256.slice(0, 16)}`);
    const users = plan.components.filter((c) => c.code === builtin.id);
    expect(users.map((c) => c.name).sort()).toEqual(["promote", "register_model"]);
  });

  it("re-compiles to byte-identical files", () => {
    expect(compileExample()).toEqual(first);
  });

  it("contains no machine paths or timestamps (the schedule's declared startTime aside)", () => {
    for (const text of Object.values(first)) {
      expect(text).not.toContain(REPO_ROOT);
      expect(text.replaceAll("2026-01-01T00:00:00", "<declared>")).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});
