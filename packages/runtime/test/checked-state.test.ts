// State files read back are checked, never trusted: each damaged file below is read as absent
// or named, and nothing throws (a throw here was an "internal error" exit 70 in the CLI).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StepCache } from "../src/backends/local/step-cache.ts";
import { findDataVersion } from "../src/backends/local/data-registry.ts";
import { runSummary } from "../src/backends/local/run-summary.ts";
import { recordSweep } from "../src/backends/local/sweep-progress.ts";
import { readRunGraph } from "../src/runs/run-graph.ts";
import type { RunRecord, StepRecord } from "../src/runs/run-record.ts";
import { RunStore } from "../src/runs/run-store.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-checked-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (file: string, text: string) => {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
};

describe("damaged state", () => {
  it("a run.json naming another run is a problem of its folder, not a second copy of that run", () => {
    const store = new RunStore(join(root, "state"));
    write(join(store.root, "copied", "run.json"), JSON.stringify({ id: "original" }));
    write(
      join(store.root, "b", "run.json"),
      JSON.stringify({
        id: "a",
        pipeline: "p",
        backend: "local",
        status: "completed",
        startedAt: "2026-12-01T00:00:00Z",
        finishedAt: null,
        pid: 1,
        pipelineFile: "",
        params: {},
        steps: [],
        outputs: {},
      }),
    );
    const { runs, problems } = store.scan();
    expect(runs).toEqual([]);
    expect(problems.map((p) => [p.id, p.problem])).toEqual([
      ["b", "names run 'a', not its folder's 'b'"],
      ["copied", "not a run record (pipeline is missing)"],
    ]);
    expect(() => store.find("latest")).toThrow(/^no runs in /);
  });

  it("a damaged run graph reads as none (the page falls back to the step list)", () => {
    write(join(root, "run", "graph.json"), '{"nodes": [{"key": 1}]}');
    expect(readRunGraph(join(root, "run"))).toBeUndefined();
  });

  it("a damaged step index only loses the explanation of the next rerun", () => {
    const cache = new StepCache(join(root, "cache"));
    write(join(root, "cache", "index", "p", "prep.json"), "[]");
    expect(cache.previous("p", "prep")).toBeUndefined();
  });

  it("a damaged sweep summary leaves the step without trials instead of failing the run", () => {
    const record: StepRecord = { name: "sweep", node: "sweep", status: "running", reused: false, durationMs: null };
    recordSweep(record, write(join(root, "sweep", "sweep.json"), '{"trials": [{"id": 3}], "best": null}'), true);
    expect(record.trials).toBeUndefined();
    recordSweep(record, write(join(root, "sweep", "sweep.json"), '{"trials": [], "best": null}'), true);
    expect(record.trials).toEqual([]);
  });

  it("a damaged AutoML metrics.json is named in the run's summary instead of failing the finished run", () => {
    const metrics = join(root, "automl", "metrics");
    const ctx = { outputPath: (_node: string, output: string) => join(root, "automl", output), stepDir: () => join(root, "automl") };
    const node = { kind: "automl", key: "train", name: "train" };
    const run = { steps: [{ node: "train", status: "completed" }], outputs: {} } as unknown as RunRecord;
    write(join(metrics, "metrics.json"), '{"primary_metric": "AUC_weighted", "iterations": 3}');
    expect(runSummary(ctx as never, [node as never], run)).toEqual([
      `train: skipped ${join(metrics, "metrics.json")}: not AutoML metrics (best_iteration is missing)`,
    ]);
    const good = {
      primary_metric: "AUC_weighted",
      best_iteration: 0,
      iterations: [{ iteration: 0, algorithm: "LogisticRegression", primary_metric: { value: 0.85 } }],
    };
    write(join(metrics, "metrics.json"), JSON.stringify(good));
    expect(runSummary(ctx as never, [node as never], run)).toEqual(["train: best AUC_weighted 0.8500 (LogisticRegression, iteration 0 of 1)"]);
  });

  it("a registered data version whose data.json is damaged is never read back, and the good ones still are", () => {
    const registry = join(root, "registry");
    const record = (version: string) => JSON.stringify({ name: "rows", version, type: "uri_folder", content_sha256: "a", lineage: {} });
    write(join(registry, "data", "rows", "1", "data.json"), record("1"));
    write(join(registry, "data", "rows", "2", "data.json"), record("2").slice(0, 20));
    expect(findDataVersion(registry, "rows", "latest")).toBe(join(registry, "data", "rows", "1", "data"));
    expect(findDataVersion(registry, "rows", "2")).toBeUndefined();
  });
});
