// sluice gc's choice of runs, in-process on hand-written state: --keep counts the newest runs of
// each pipeline (a busy pipeline never pushes another's runs out), a running run always stays,
// and a run whose record cannot be read is removed rather than trusted.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunRecord } from "../src/runs/run-record.ts";
import { collectGarbage } from "../src/runs/garbage-collect.ts";
import { RunStore } from "../src/runs/run-store.ts";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function store(): RunStore {
  const root = mkdtempSync(join(tmpdir(), "sluice-gc-"));
  roots.push(root);
  return new RunStore(root);
}

function record(id: string, pipeline: string, minute: number, status: RunRecord["status"] = "completed"): RunRecord {
  const at = `2026-12-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
  return {
    id,
    pipeline,
    backend: "local",
    status,
    startedAt: at,
    finishedAt: status === "running" ? null : at,
    pid: process.pid,
    pipelineFile: `${pipeline}.pipeline.ts`,
    params: {},
    steps: [{ name: "s", node: "s", status: "completed", reused: false, durationMs: 1, fingerprint: `fp-${id}` }],
    outputs: {},
  };
}

describe("gc", () => {
  it("keeps the newest --keep runs of each pipeline", () => {
    const runs = store();
    for (const [i, id] of ["big-1", "big-2", "big-3"].entries()) runs.create(record(id, "big", 10 + i));
    runs.create(record("small-1", "small", 1));
    const result = collectGarbage(runs, { keep: 1, dryRun: false });
    expect(result.removedRuns.sort()).toEqual(["big-1", "big-2"]);
    expect(runs.list().map((r) => r.id)).toEqual(["big-3", "small-1"]);
  });

  it("never removes a running run, and removes an unreadable one even within --keep", () => {
    const runs = store();
    runs.create(record("live", "p", 1, "running"));
    runs.create(record("done", "p", 2));
    mkdirSync(runs.dir("broken"));
    writeFileSync(join(runs.dir("broken"), "run.json"), "{");
    const result = collectGarbage(runs, { keep: 0, dryRun: false });
    expect(result.removedRuns).toEqual(["done"]);
    expect(result.removedUnreadable.map((p) => [p.id, p.problem])).toEqual([
      ["broken", "not valid JSON (expected property name or '}' in JSON at position 1 (line 1 column 2))"],
    ]);
    expect(readdirSync(runs.root)).toEqual(["live"]);
  });

  it("keeps the cache entries kept runs use and removes the others", () => {
    const runs = store();
    runs.create(record("old", "p", 1));
    runs.create(record("new", "p", 2));
    const cache = join(runs.root, "..", "cache", "steps");
    for (const fp of ["fp-old", "fp-new"]) mkdirSync(join(cache, fp), { recursive: true });
    const result = collectGarbage(runs, { keep: 1, dryRun: false, stepCacheDir: cache });
    expect(result.removedEntries).toEqual(["fp-old"]);
    expect(existsSync(join(cache, "fp-new"))).toBe(true);
  });
});
