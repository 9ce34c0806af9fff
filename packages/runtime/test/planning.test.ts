// Reuse decisions in-process, from a real compiled pipeline: what reruns, what is reused, and the
// reason given, for every fact a step's result depends on; and fingerprints that change with
// each fact and with nothing else.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { autoMLStep, outputFileDataset, pipeline, pipelineParameter, pythonScriptStep, registerModelStep, webFiles } from "@sluice/dsl";
import { compilePipeline, emitPlan } from "@sluice/compiler";
import type { RunSpec } from "../src/backends/run-spec.ts";
import { resolveParams } from "../src/backends/params.ts";
import { explainChange, fingerprintOf, type StepFacts } from "../src/backends/local/fingerprint.ts";
import { localNodes } from "../src/backends/local/local-nodes.ts";
import { outputDigests } from "../src/backends/local/cache-manifest.ts";
import { Planner, type StepDecision } from "../src/backends/local/planning.ts";
import { StepCache } from "../src/backends/local/step-cache.ts";
import type { Interpreter } from "../src/python/find-python.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-planning-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "prep.py"), "import pandas\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function compileSpec(metric: "AUC_weighted" | "accuracy" = "AUC_weighted"): RunSpec {
  const p = pipeline({ name: "planned", defaultCompute: "cpu-cluster" }, () => {
    const raw = webFiles("raw", "https://example.com/raw.csv");
    const rows = pipelineParameter("rows", 100);
    const prepared = outputFileDataset("prepared");
    pythonScriptStep({ name: "prep", sourceDirectory: join(root, "src"), script: "prep.py", arguments: ["--raw", raw, "--rows", rows, "--out", prepared] });
    const train = autoMLStep({ name: "train", task: "classification", trainingData: prepared.readDelimitedFiles(), labelColumn: "y", primaryMetric: metric });
    registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "m" });
    return { model: train.outputs.bestModel };
  });
  const result = compilePipeline(p.toIR());
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return {
    plan: emitPlan(result.model, root),
    baseDir: root,
    params: {},
    inputs: {},
    force: false,
  };
}

const python = (sklearn = "scikit-learn==1.2.1"): Interpreter => ({
  path: "/usr/bin/python3",
  version: "3.11.2",
  packages: { pandas: "pandas==1.5.3", sklearn },
});

let cacheDir = "";
let cache: StepCache;
beforeEach(() => {
  cacheDir = mkdtempSync(join(root, "cache-"));
  cache = new StepCache(cacheDir);
});

function decide(spec: RunSpec, options: { data?: string; sklearn?: string; params?: Record<string, string>; force?: boolean } = {}) {
  const nodes = localNodes(spec);
  const ctx = {
    params: resolveParams(spec.plan, options.params ?? {}),
    data: new Map([["raw", { path: "/data/raw.csv", sha256: options.data ?? "a".repeat(64), origin: "cache" as const }]]),
    interpreters: new Map(nodes.map((n) => [n.key, python(options.sklearn)])),
    outputs: new Map(),
    runNonce: "run-1",
    ...(options.force ? { forceNonce: "run-1" } : {}),
  };
  lastPlanner = new Planner(ctx, cache, "planned", options.force === true);
  return lastPlanner.decideAll(nodes);
}
let lastPlanner: Planner;

/**
 * Runs the decided steps as a run does: each writes `content` into its outputs, is cached, and
 * settles its output digests; a step below one that ran is decided again first (early cut-off).
 */
function complete(decisions: StepDecision[], runId = "run-1", content = "rows"): StepDecision[] {
  return decisions.map((planned) => {
    const d = planned.settled ? planned : lastPlanner.decide(planned.node);
    if (d.action === "reuse") return d;
    const staging = cache.stage();
    for (const o of d.node.outputs) {
      mkdirSync(staging.outputDir(o), { recursive: true });
      writeFileSync(join(staging.outputDir(o), "part.csv"), content);
    }
    const entry = cache.commit(staging, { fingerprint: d.fingerprint, pipeline: "planned", node: d.node.key, runId, durationMs: 1, facts: d.facts });
    lastPlanner.settle(d.node, outputDigests(entry.manifest, d.node.outputs), true);
    cache.remember("planned", d.node.key, d.fingerprint, d.facts);
    return d;
  });
}

const summary = (decisions: StepDecision[]) => decisions.map((d) => `${d.node.name}: ${d.action} — ${d.reason}`);

describe("reuse decisions", () => {
  it("runs everything the first time, in dependency order", () => {
    expect(summary(decide(compileSpec()))).toEqual([
      "prep: run — no earlier run",
      "train: run — no earlier run",
      "register: run — reuse disabled (allowReuse: false)",
    ]);
  });

  it("reuses what did not change, and names the first difference for what did", () => {
    const spec = compileSpec();
    complete(decide(spec));
    expect(summary(decide(spec))).toEqual([
      "prep: reuse — unchanged since run run-1",
      "train: reuse — unchanged since run run-1",
      "register: run — reuse disabled (allowReuse: false)",
    ]);
    expect(summary(decide(spec, { params: { rows: "200" } })).slice(0, 2)).toEqual([
      "prep: run — parameter rows changed",
      "train: maybe — reused if prep writes the same output as for run run-1, else runs",
    ]);
    expect(summary(decide(spec, { data: "b".repeat(64) }))[0]).toBe("prep: run — input raw content changed");
    expect(summary(decide(spec, { sklearn: "scikit-learn==1.3.0" })).slice(0, 2)).toEqual([
      "prep: run — Python package for 'sklearn' changed: scikit-learn==1.2.1 → scikit-learn==1.3.0",
      "train: run — Python package for 'sklearn' changed: scikit-learn==1.2.1 → scikit-learn==1.3.0",
    ]);
    expect(summary(decide(compileSpec("accuracy"))).slice(0, 2)).toEqual([
      "prep: reuse — unchanged since run run-1",
      "train: run — AutoML setting 'primaryMetric' changed",
    ]);
    expect(summary(decide(spec, { force: true })).slice(0, 2)).toEqual(["prep: run — --force", "train: run — --force"]);
  });

  it("says when a cached result is gone, and when an input is not downloaded yet", () => {
    const spec = compileSpec();
    complete(decide(spec));
    rmSync(join(cacheDir, "steps"), { recursive: true });
    expect(summary(decide(spec))[0]).toBe("prep: run — its cached result is gone");
    expect(summary(decide(spec, { data: "missing" }))[0]).toBe("prep: run — input raw is not downloaded yet");
  });
});

describe("early cut-off", () => {
  it("reuses a step whose upstream re-ran and wrote the same bytes, and reruns it when the bytes differ", () => {
    const spec = compileSpec();
    complete(decide(spec));
    // prep reruns (a new parameter value), writes the same rows: train is reused, and says why.
    const same = complete(decide(spec, { params: { rows: "200" } }), "run-2");
    expect(summary(same).slice(0, 2)).toEqual([
      "prep: run — parameter rows changed",
      "train: reuse — prep re-ran and wrote the same output; unchanged since run run-1",
    ]);
    expect(same[1]?.settled).toBe(true);
    // Other bytes: train runs, naming the upstream whose output changed.
    const other = complete(decide(spec, { params: { rows: "300" } }), "run-3", "other rows");
    expect(summary(other)[1]).toBe("train: run — upstream prep output changed");
  });

  it("plans a step below one that runs as 'maybe' only when its result for the last output is cached", () => {
    const spec = compileSpec();
    expect(summary(decide(spec, { params: { rows: "200" } }))[1]).toBe("train: run — no earlier run");
    complete(decide(spec));
    expect(decide(spec, { params: { rows: "200" } })[1]).toMatchObject({ action: "maybe", settled: false, waitingOn: ["prep"] });
    expect(summary(decide(compileSpec("accuracy"), { params: { rows: "200" } }))[1]).toBe("train: run — AutoML setting 'primaryMetric' changed");
  });
});

describe("step facts", () => {
  it("record what each step depends on, by port", () => {
    const [prep, train, register] = decide(compileSpec());
    expect(prep?.facts).toMatchObject({
      kind: "command",
      data: { raw: { input: "raw", sha256: "a".repeat(64) } },
      literals: { rows: { value: "100", parameter: "rows" } },
      code: { path: expect.stringMatching(/src$/), files: [{ path: "prep.py", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] },
      python: { version: "3.11.2", packages: { pandas: "pandas==1.5.3" } },
    });
    expect(prep?.facts.nonce).toBeUndefined();
    expect(train?.facts).toMatchObject({
      kind: "automl",
      // Not produced yet: the run decides again from the bytes prep writes.
      upstream: { training_data: { node: "prep", step: "prep", output: "prepared", sha256: "pending" } },
      literals: { target_column_name: { value: "y" } },
      settings: { primaryMetric: "AUC_weighted", task: "classification", engine: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(train?.facts.literals.target_column_name?.parameter).toBeUndefined();
    expect(register?.facts.nonce).toBe("run-1");
  });
});

describe("fingerprints", () => {
  const base: StepFacts = {
    kind: "command",
    command: "python prep.py",
    environment: "env:1",
    code: { sha256: "c".repeat(64), path: "src", files: [{ path: "prep.py", sha256: "d".repeat(64) }] },
    settings: { task: "classification" },
    literals: { rows: { value: "100", parameter: "rows" } },
    data: { raw: { input: "raw", sha256: "a".repeat(64) } },
    upstream: { data: { node: "prep", step: "prep", output: "out", sha256: "f".repeat(64) } },
    outputs: ["out"],
    python: { version: "3.11.2", packages: { pandas: "pandas==1.5.3" } },
  };
  const variants: Array<[string, Partial<StepFacts>]> = [
    ["command", { command: "python other.py" }],
    ["environment", { environment: "env:2" }],
    ["code", { code: { ...base.code!, sha256: "e".repeat(64) } }],
    ["settings", { settings: { task: "regression" } }],
    ["a parameter value", { literals: { rows: { value: "200", parameter: "rows" } } }],
    ["data", { data: { raw: { input: "raw", sha256: "b".repeat(64) } } }],
    ["an upstream output digest", { upstream: { data: { ...base.upstream.data!, sha256: "0".repeat(64) } } }],
    ["outputs", { outputs: ["out", "more"] }],
    ["the Python version", { python: { version: "3.12.0", packages: { pandas: "pandas==1.5.3" } } }],
    ["a package version", { python: { version: "3.11.2", packages: { pandas: "pandas==2.0.0" } } }],
    ["the reuse nonce", { nonce: "run-2" }],
  ];

  it.each(variants)("changes with %s", (_, change) => {
    expect(fingerprintOf({ ...base, ...change })).not.toBe(fingerprintOf(base));
  });

  it("does not change with where the code lives or how its files are listed, only with their content hash", () => {
    expect(fingerprintOf({ ...base, code: { ...base.code!, path: "elsewhere", files: [] } })).toBe(fingerprintOf(base));
  });

  const reasons: Array<[string, Partial<StepFacts>, string]> = [
    ["a changed file", { code: { ...base.code!, sha256: "e".repeat(64), files: [{ path: "prep.py", sha256: "0".repeat(64) }] } }, "src/prep.py changed"],
    [
      "an added file",
      { code: { ...base.code!, sha256: "e".repeat(64), files: [...base.code!.files, { path: "util.py", sha256: "1".repeat(64) }] } },
      "src/util.py added",
    ],
    ["a removed file", { code: { ...base.code!, sha256: "e".repeat(64), files: [] } }, "src/prep.py removed"],
    ["the same files with new content hash", { code: { ...base.code!, sha256: "e".repeat(64) } }, "code in src changed"],
    ["the command", { command: "python other.py" }, "command changed"],
    ["the environment", { environment: "env:2" }, "environment changed to env:2"],
    ["the Python version", { python: { version: "3.12.0", packages: { pandas: "pandas==1.5.3" } } }, "Python 3.11.2 → 3.12.0"],
    [
      "a package",
      { python: { version: "3.11.2", packages: { pandas: "pandas==2.0.0" } } },
      "Python package for 'pandas' changed: pandas==1.5.3 → pandas==2.0.0",
    ],
    [
      "a new import",
      { python: { version: "3.11.2", packages: { pandas: "pandas==1.5.3", numpy: "numpy==2.0" } } },
      "Python package for 'numpy' changed: none → numpy==2.0",
    ],
    ["a setting", { settings: { task: "regression" } }, "AutoML setting 'task' changed"],
    ["an upstream result", { upstream: { data: { ...base.upstream.data!, sha256: "0".repeat(64) } } }, "upstream prep output changed"],
    ["data", { data: { raw: { input: "raw", sha256: "b".repeat(64) } } }, "input raw content changed"],
    ["a parameter", { literals: { rows: { value: "200", parameter: "rows" } } }, "parameter rows changed"],
    ["a literal", { literals: { rows: { value: "100", parameter: "rows" }, mode: { value: "fast" } } }, "input mode changed"],
    ["the outputs", { outputs: ["out", "more"] }, "outputs changed"],
    ["reuse turned off", { nonce: "run-2" }, "reuse disabled (allowReuse: false)"],
  ];

  it.each(reasons)("names %s as the reason to rerun", (_, change, reason) => {
    expect(explainChange(base, { ...base, ...change })).toBe(reason);
  });
});
