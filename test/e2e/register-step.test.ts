// The built-in registration step's decisions, run as Python the way a job runs it: locally
// against a folder registry, and on Azure against MLflow's model registry (here a recording
// stand-in for the `mlflow` package, since the step's Azure path only talks to MLflow).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";

const SCRIPT = join(REPO_ROOT, "packages/compiler/builtin/register_model/register_model.py");
let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A model folder recording `metric` (as the AutoML engine writes it) and holding `weights`. */
function model(weights: string, metric?: number): string {
  const dir = mkdtempSync(join(root, "model-"));
  writeFileSync(join(dir, "model.pkl"), weights);
  if (metric !== undefined) writeFileSync(join(dir, "MLmodel.json"), JSON.stringify({ metric: { name: "accuracy", value: metric } }));
  return dir;
}

function register(path: string, env: Record<string, string>, better = true) {
  const args = [SCRIPT, "--model_name", "m", "--model_path", path, ...(better ? ["--only_if_better", "maximize"] : [])];
  return spawnSync("python3", args, { env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...env }, encoding: "utf8" });
}

/** A stand-in `mlflow` holding the given versions (name "m") and recording what is registered. */
function fakeMlflow(versions: { version: string; tags: Record<string, string> }[]): { env: Record<string, string>; calls: () => unknown[] } {
  const dir = join(root, "fake");
  mkdirSync(join(dir, "mlflow"), { recursive: true });
  const log = join(root, "calls.jsonl");
  writeFileSync(log, "");
  writeFileSync(
    join(dir, "mlflow", "__init__.py"),
    `import contextlib, json, types
LOG = ${JSON.stringify(log)}
VERSIONS = ${JSON.stringify(versions)}
def _log(entry):
    with open(LOG, "a") as f: f.write(json.dumps(entry) + "\\n")
@contextlib.contextmanager
def start_run():
    yield
def active_run():
    return types.SimpleNamespace(info=types.SimpleNamespace(run_id="run-1"))
def log_artifacts(path, artifact_path=None):
    _log({"log_artifacts": artifact_path})
def register_model(uri, name, tags=None):
    _log({"register_model": uri, "name": name, "tags": tags})
    return types.SimpleNamespace(version=str(max([int(v["version"]) for v in VERSIONS] + [0]) + 1))
`,
  );
  writeFileSync(
    join(dir, "mlflow", "tracking.py"),
    `import types
from mlflow import VERSIONS
class MlflowClient:
    def search_model_versions(self, query):
        assert query == "name='m'", query
        return [types.SimpleNamespace(version=v["version"], tags=v["tags"]) for v in VERSIONS]
`,
  );
  const calls = () =>
    readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { env: { PYTHONPATH: dir, SLUICE_MODEL_REGISTRY: "" }, calls };
}

const tagged = (version: string, value: number, sha = "old") => ({
  version,
  tags: { sluice_content_sha256: sha, sluice_metric_name: "accuracy", sluice_metric_value: String(value) },
});

describe("the registration step, locally", () => {
  it("keeps the serving version on a tie: only a strictly better model is registered", () => {
    root = mkdtempSync(join(tmpdir(), "sluice-register-"));
    const registry = { SLUICE_MODEL_REGISTRY: join(root, "registry") };
    expect(register(model("a", 0.8), registry).stdout).toContain("Registered version 1 of model m");
    const tie = register(model("b", 0.8), registry);
    expect(tie.stdout).toContain("kept: m version 1, not registered: accuracy 0.8000 does not beat 0.8000 of version 1");
    expect(register(model("c", 0.81), registry).stdout).toContain("Registered version 2 of model m: accuracy 0.8100 beats 0.8000 of version 1");
    expect(readdirSync(join(root, "registry/models/m")).filter((v) => /^\d+$/.test(v))).toEqual(["1", "2"]);
  });

  it("compares with the newest version by number, not by text (10 after 9)", () => {
    root = mkdtempSync(join(tmpdir(), "sluice-register-"));
    const registry = { SLUICE_MODEL_REGISTRY: join(root, "registry") };
    // Versions 9 and 10 as the step leaves them: 10 records 0.10, 9 records 0.09; 0.095 beats 9 but not 10.
    for (const v of [9, 10]) {
      const dir = join(root, "registry/models/m", String(v));
      mkdirSync(join(dir, "model"), { recursive: true });
      writeFileSync(join(dir, "model", "model.pkl"), `w${v}`);
      writeFileSync(join(dir, "model.json"), JSON.stringify({ name: "m", version: v, metric: { name: "accuracy", value: v / 100 }, content_sha256: `d${v}` }));
    }
    expect(register(model("x", 0.095), registry).stdout).toContain("does not beat 0.1000 of version 10");
    expect(register(model("y", 0.2), registry).stdout).toContain("Registered version 11 of model m: accuracy 0.2000 beats 0.1000 of version 10");
  });
});

describe("the registration step, on Azure (MLflow's model registry)", () => {
  it("compares with the newest version by number (10, not 9), and keeps it on a tie", () => {
    root = mkdtempSync(join(tmpdir(), "sluice-register-"));
    const fake = fakeMlflow([tagged("9", 0.95), tagged("10", 0.9)]);
    const r = register(model("new", 0.9), fake.env);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("kept: m version 10, not registered: accuracy 0.9000 does not beat 0.9000 of version 10");
    expect(fake.calls()).toEqual([]);
  });

  it("registers a better model with its content digest and metric as tags, as version newest + 1", () => {
    root = mkdtempSync(join(tmpdir(), "sluice-register-"));
    const fake = fakeMlflow([tagged("9", 0.95), tagged("10", 0.9)]);
    const r = register(model("new", 0.91), fake.env);
    expect(r.stdout).toContain("Registered version 11 of model m: accuracy 0.9100 beats 0.9000 of version 10");
    const [logged, registered] = fake.calls() as [unknown, { register_model: string; tags: Record<string, string> }];
    expect(logged).toEqual({ log_artifacts: "model" });
    expect(registered.register_model).toBe("runs:/run-1/model");
    expect(registered.tags).toMatchObject({ sluice_metric_name: "accuracy", sluice_metric_value: "0.91" });
    expect(registered.tags.sluice_content_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not register the same content again, whatever the metric says", () => {
    root = mkdtempSync(join(tmpdir(), "sluice-register-"));
    const probe = fakeMlflow([]);
    register(model("same", 0.5), probe.env, false);
    const digest = (probe.calls()[1] as { tags: Record<string, string> }).tags.sluice_content_sha256 as string;
    const fake = fakeMlflow([tagged("3", 0.1, digest)]);
    const r = register(model("same", 0.5), fake.env);
    expect(r.stdout).toContain("unchanged: m version 3 (same content as the newest version; not registered again)");
    expect(fake.calls()).toEqual([]);
  });

  it("registers the first version when the name is new, saying there was nothing to compare", () => {
    root = mkdtempSync(join(tmpdir(), "sluice-register-"));
    const fake = fakeMlflow([]);
    expect(register(model("first", 0.7), fake.env).stdout).toContain(
      "Registered version 1 of model m: the first version: nothing to compare (accuracy 0.7000)",
    );
  });
});
