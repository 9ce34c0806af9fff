import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";
import { sandbox, stepStates, TITANIC_CSV } from "../helpers/local-sandbox.ts";

// Train on the first 650 passengers; the other 241 are held out to score the registered model.
const box = sandbox();
const [header, ...rows] = readFileSync(TITANIC_CSV, "utf8").trimEnd().split("\n");
const train = join(box.root, "train.csv");
const holdout = join(box.root, "holdout.csv");
writeFileSync(train, [header, ...rows.slice(0, 650)].join("\n"));
writeFileSync(holdout, [header, ...rows.slice(650)].join("\n"));
const PIPELINE = "examples/titanic-automl/titanic.pipeline.ts";
afterAll(() => box.cleanup());

describe("the Titanic walkthrough, run locally", () => {
  const first = box.sluice(["run", PIPELINE, "--input", `titanic_ds=${train}`]);
  const [run1] = box.runs();

  it("runs every step and ends with the AutoML result and the registered model", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(stepStates(run1!)).toEqual({
      dataprep: "completed",
      split: "completed",
      AutoML_Classification: "completed",
      register_model: "completed",
      promote: "completed",
    });
    expect(first.stdout).toMatch(/AutoML_Classification: best AUC_weighted 0\.\d{4} \(\w+, iteration \d of 2\)/);
    expect(first.stdout).toContain("register_model: registered model TitanicSurvivalInitial version 1");
    expect(first.stdout).toContain(
      "promote: deployed: titanic-survival/blue now serves TitanicSurvivalInitial:1 (nothing served yet: TitanicSurvivalInitial:1 is the first model)",
    );
  });

  it("writes metrics with at least 2 iterations carrying AUC_weighted and the other standard metrics", () => {
    const dir = box.sluice(["outputs", run1!.id, "metrics_output"]).stdout.trim();
    const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
    expect(metrics.primary_metric).toBe("AUC_weighted");
    expect(metrics.iterations.length).toBeGreaterThanOrEqual(2);
    for (const it of metrics.iterations) {
      expect(it).toMatchObject({ status: "completed", algorithm: expect.any(String), hyperparameters: expect.any(Object) });
      expect(it.primary_metric.name).toBe("AUC_weighted");
      for (const m of ["AUC_weighted", "accuracy", "norm_macro_recall", "average_precision_score_weighted", "precision_score_weighted"]) {
        expect(it.metrics[m]).toBeGreaterThan(0);
      }
    }
  });

  it("registers a best model that loads in Python and scores AUC > 0.75 on held-out rows", () => {
    const shown = JSON.parse(box.sluice(["models", "show", "TitanicSurvivalInitial", "--json"]).stdout);
    expect(shown).toMatchObject({
      name: "TitanicSurvivalInitial",
      version: 1,
      metric: { name: "AUC_weighted" },
      lineage: { sluice_run_id: run1!.id, sluice_step: "register_model" },
    });
    const mlmodel = readFileSync(join(shown.path, "MLmodel"), "utf8");
    expect(mlmodel).toContain("sklearn:");
    expect(mlmodel).toMatch(/signature:\n {2}inputs: '\[\{"name": "Pclass"/);
    const score = spawnSync(
      "/usr/bin/python3",
      [join(REPO_ROOT, "test/helpers/evaluate_model.py"), shown.path, holdout, join(REPO_ROOT, "examples/titanic-automl/src/dataprep.py")],
      { encoding: "utf8" },
    );
    expect(score.stderr).toBe("");
    const result = JSON.parse(score.stdout);
    expect(result.rows).toBe(241);
    expect(result.auc).toBeGreaterThan(0.75);
  });

  it("reuses every reusable step on the next run, with byte-identical outputs, and does not register the same model again", () => {
    const second = box.sluice(["run", PIPELINE, "--input", `titanic_ds=${train}`]);
    expect(second.status).toBe(0);
    const [run2] = box.runs();
    expect(stepStates(run2!)).toEqual({
      dataprep: "reused",
      split: "reused",
      AutoML_Classification: "reused",
      register_model: "completed",
      promote: "completed",
    });
    expect(second.stdout).toContain("register_model: unchanged: TitanicSurvivalInitial version 1");
    expect(second.stdout).toContain("promote: unchanged: titanic-survival/blue already serves TitanicSurvivalInitial:1");
    const models = JSON.parse(box.sluice(["models", "list", "--json"]).stdout) as Array<{ name: string; version: number }>;
    expect(models.map((m) => `${m.name}:${m.version}`)).toEqual(["TitanicSurvivalInitial:1"]);
    for (const output of ["metrics_output", "model_output", "dataprep.output_path"]) {
      const a = box.sluice(["outputs", run1!.id, output, "--download", join(box.root, "a")]);
      const b = box.sluice(["outputs", run2!.id, output, "--download", join(box.root, "b")]);
      expect(a.status).toBe(0);
      const diff = spawnSync("diff", ["-r", join(box.root, "a"), join(box.root, "b")], { encoding: "utf8" });
      expect(diff.stdout + diff.stderr).toBe("");
      expect(b.status).toBe(0);
    }
  });

  it("keeps the registered and served model when a retrained one is worse, saying why, and names runs by unique prefix or latest", () => {
    const fewer = join(box.root, "fewer.csv");
    writeFileSync(fewer, readFileSync(train, "utf8").split("\n").slice(0, 400).join("\n"));
    const third = box.sluice(["run", PIPELINE, "--input", `titanic_ds=${fewer}`]);
    expect(third.status).toBe(0);
    expect(third.stdout).toMatch(
      /^register_model: kept TitanicSurvivalInitial version 1, the new model not registered: AUC_weighted 0\.\d{4} does not beat 0\.\d{4} of version 1 \(higher is better\)$/m,
    );
    expect(third.stdout).toMatch(/^promote: kept: titanic-survival\/blue not updated: the new model was not registered \(AUC_weighted 0\.\d{4} does not beat/m);
    const [newest, , oldest] = box.runs();
    const latest = box.sluice(["outputs", "latest"]);
    expect(latest.stdout).toBe(box.sluice(["outputs", newest!.id]).stdout);
    expect(box.sluice(["logs", oldest!.id.slice(0, -2), "dataprep"]).status).toBe(0);
    const ambiguous = box.sluice(["logs", oldest!.id.slice(0, 4), "dataprep"]);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/^sluice: run id prefix '\d{4}' matches 3 runs: /);
  });

  it("downloads every pipeline output when no output is named", () => {
    const dir = join(box.root, "all");
    const r = box.sluice(["outputs", "latest", "--download", dir]);
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["metrics_output", "model_output"]);
    expect(readdirSync(join(dir, "model_output"))).toContain("MLmodel");
  });

  it("lists runs newest first in the documented JSON shape", () => {
    const runs = box.runs();
    expect(runs.length).toBe(3);
    expect(Object.keys(runs[0]!).sort()).toEqual(["backend", "finishedAt", "id", "pipeline", "startedAt", "status", "steps"]);
    expect(Object.keys(runs[0]!.steps[0]!).sort()).toEqual(["durationMs", "name", "reused", "status"]);
    expect(runs[0]!.id > runs[1]!.id).toBe(true);
  });
});
