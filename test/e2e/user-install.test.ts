// The user's path, outside this repository: pack the tarballs, `npm install` them into a fresh
// folder, `sluice init`, `npm run deploy-pipeline`, the everyday commands, the CI workflow's
// pull-request job as written, a second pipeline written by hand, and gc.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { installIntoNewProject } from "../helpers/user-project.ts";

let user: ReturnType<typeof installIntoNewProject>;
let project = "";
const sh = (command: string, args: string[], cwd = project) => user.sh(command, args, cwd);
const sluice = (args: string[], cwd = project) => sh("npx", ["--no-install", "sluice", ...args], cwd);
const ok = (r: ReturnType<typeof sh>) => {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.all}`);
  return r;
};

const HAND_WRITTEN = `import { autoMLStep, compute, localFiles, onlineDeployment, onlineEndpoint, outputFileDataset, pipeline, pythonScriptStep, registeredModel, registerModelStep } from "@sluice/dsl";

const raw = localFiles("raw", "./data/iris.csv");
const petals = onlineEndpoint({ name: "petals", deployments: [onlineDeployment({ name: "blue", model: registeredModel("petals"), instanceType: "Standard_DS3_v2" })] });

export default pipeline({ name: "petals", defaultCompute: compute("cpu-cluster"), endpoints: [petals] }, () => {
  const cleaned = outputFileDataset("cleaned");
  const features = outputFileDataset("features");
  pythonScriptStep({ name: "clean", sourceDirectory: "./steps", script: "clean.py", arguments: ["--raw", raw, "--out", cleaned] });
  pythonScriptStep({ name: "featurize", sourceDirectory: "./steps", script: "featurize.py", arguments: ["--in", cleaned.asInput(), "--out", features] });
  const train = autoMLStep({ name: "train", task: "classification", trainingData: features.readDelimitedFiles(), labelColumn: "species", limits: { maxTrials: 2 } });
  registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "petals" });
  return { model: train.outputs.bestModel };
});
`;
const CLEAN = `import argparse, csv, os
p = argparse.ArgumentParser(); p.add_argument("--raw"); p.add_argument("--out"); a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
rows = list(csv.reader(open(a.raw)))
csv.writer(open(os.path.join(a.out, "clean.csv"), "w", newline="")).writerows(r for r in rows if all(r))
`;
const FEATURIZE = `import argparse, csv, os
p = argparse.ArgumentParser(); p.add_argument("--in", dest="src"); p.add_argument("--out"); a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
rows = list(csv.reader(open(os.path.join(a.src, "clean.csv"))))
out = csv.writer(open(os.path.join(a.out, "features.csv"), "w", newline=""))
out.writerow(["petal_area"] + rows[0])
for r in rows[1:]: out.writerow([float(r[2]) * float(r[3])] + r)
`;

const COMMAND_JOB_YAML = `$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
code: src
command: python train.py --rows \${{inputs.rows}} --out \${{outputs.model}}
inputs:
  rows: 5
outputs:
  model:
    type: uri_folder
compute: azureml:cpu-cluster
environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1
display_name: train-once
experiment_name: train-once
`;
const TRAIN_WITH_MLFLOW = `import argparse, os
import mlflow
p = argparse.ArgumentParser(); p.add_argument("--rows", type=int); p.add_argument("--out"); a = p.parse_args()
mlflow.log_param("rows", a.rows)
mlflow.log_metric("accuracy", 0.5)
os.makedirs(a.out, exist_ok=True)
open(os.path.join(a.out, "model.txt"), "w").write("ok")
`;

beforeAll(() => {
  user = installIntoNewProject("iris-project");
  project = user.dir;
  expect(user.tarballs.map((t) => t.replace(/^.*\//, ""))).toEqual(["sluice-dsl-0.1.0.tgz", "sluice-compiler-0.1.0.tgz", "sluice-runtime-0.1.0.tgz"]);
}, 480_000); // building and packing took over 240 s on a machine shared with other test runs
afterAll(() => rmSync(user.root, { recursive: true, force: true }), 120_000); // the 10 s default is too short for node_modules

describe("Sluice installed into a project of its own", () => {
  it("runs JavaScript only: no TypeScript sources ship, and the bin is a node script", () => {
    const pkg = join(project, "node_modules/@sluice/runtime");
    expect(readFileSync(join(pkg, "bin/sluice.mjs"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    for (const name of ["dsl", "compiler", "runtime"]) {
      const files = spawnSync("tar", ["tzf", user.tarballs.find((t) => t.includes(`-${name}-`)) as string], { encoding: "utf8" }).stdout.split("\n");
      expect(
        files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
        name,
      ).toEqual([]);
    }
    expect(existsSync(join(project, "node_modules/@sluice/dsl/dist/lib/index.d.ts"))).toBe(true);
    expect(ok(sluice(["--version"])).stdout).toBe("0.1.0\n");
  });

  it("sluice init --vendor scaffolds a project whose deploy-pipeline runs offline at once", () => {
    const init = ok(sluice(["init", ".", "--vendor", dirname(user.tarballs[0] as string)]));
    expect(init.stdout).toContain("wrote iris_project.pipeline.ts");
    expect(init.stdout).toContain("wrote vendor/sluice/sluice-runtime-0.1.0.tgz");
    ok(sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"]));
    for (const file of ["src/prep.py", "data/iris.csv", "sluice.config.json", ".github/workflows/sluice.yml"])
      expect(existsSync(join(project, file))).toBe(true);
    expect(readFileSync(join(project, ".gitignore"), "utf8")).toContain(".sluice/");
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.type).toBe("module");
    // Installable from the repository itself: no path outside it, no registry version of an unowned scope.
    expect(pkg.devDependencies).toEqual({
      "@sluice/dsl": "file:vendor/sluice/sluice-dsl-0.1.0.tgz",
      "@sluice/compiler": "file:vendor/sluice/sluice-compiler-0.1.0.tgz",
      "@sluice/runtime": "file:vendor/sluice/sluice-runtime-0.1.0.tgz",
    });
    expect(pkg.scripts["deploy-pipeline"]).toBe("sluice deploy iris_project.pipeline.ts --run-now --download outputs");
    const again = sluice(["init", "."]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^sluice: not overwriting iris_project\.pipeline\.ts, /);

    const deployed = ok(sh("npm", ["run", "deploy-pipeline"]));
    expect(deployed.stdout).toContain("register: registered model iris_project_model version 1");
    expect(JSON.parse(readFileSync(join(project, "outputs/metrics/metrics.json"), "utf8")).primary_metric).toBe("accuracy");
    expect(existsSync(join(project, "outputs/model/MLmodel"))).toBe(true);
    expect(existsSync(join(project, ".sluice/runs"))).toBe(true);
  }, 120_000);

  it("check, compile, plan, runs, outputs and models work on that project, from any folder in it", () => {
    expect(ok(sluice(["check", "iris_project.pipeline.ts"])).stdout).toBe("iris_project: 3 steps, no problems\n");
    ok(sluice(["compile", "iris_project.pipeline.ts", "--out", "build"]));
    expect(readdirSync(join(project, "build")).sort()).toEqual(["iris_project.job.json", "iris_project.pipeline.yml", "iris_project.plan.json"]);
    expect(ok(sluice(["plan", "iris_project.pipeline.ts"])).stdout).toMatch(
      /^prep: REUSED — .+\ntrain: REUSED — .+\nregister: RUN — reuse disabled \(allowReuse: false\)\n$/,
    );
    const fromSrc = JSON.parse(ok(sluice(["runs", "--json"], join(project, "src"))).stdout);
    expect(fromSrc).toHaveLength(1);
    ok(sluice(["outputs", "latest", "model", "--download", "fetched"]));
    expect(existsSync(join(project, "fetched/model/MLmodel"))).toBe(true);
    expect(ok(sluice(["models", "list"])).stdout).toMatch(/^iris_project_model {2}version 1 {2}accuracy=/);
  });

  it("the CI workflow's pull-request job runs as written and its dry run changes nothing", () => {
    const workflow = parse(readFileSync(join(project, ".github/workflows/sluice.yml"), "utf8"));
    expect(Object.keys(workflow.jobs)).toEqual(["check", "deploy"]);
    expect(workflow.jobs.check.permissions["id-token"]).toBe("write");
    expect(workflow.jobs.deploy.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(["npm ci", "npm run deploy-pipeline -- --yes"]);
    const commands: string[] = workflow.jobs.check.steps.map((s: { run?: string }) => s.run).filter((r: string | undefined) => r && r !== "npm ci");
    expect(commands).toEqual(["npx sluice check iris_project.pipeline.ts", "npx sluice deploy iris_project.pipeline.ts --dry-run --json"]);
    const runsBefore = readdirSync(join(project, ".sluice/runs")).length;
    const results = commands.map((c) => ok(sh("sh", ["-c", c])));
    const dry = JSON.parse(results[1]!.stdout);
    expect(dry).toMatchObject({ workspace: null, dryRun: true });
    expect(dry.local.map((r: { step: string; action: string }) => `${r.step}:${r.action}`)).toEqual(["prep:REUSED", "train:REUSED", "register:RUN"]);
    expect(readdirSync(join(project, ".sluice/runs")).length).toBe(runsBefore);
  });

  it("a fresh clone of the committed project passes the CI workflow's npm ci and sluice check", () => {
    const git = (args: string[], cwd = project) => ok(sh("git", ["-c", "user.name=ci", "-c", "user.email=ci@example.com", ...args], cwd));
    git(["init", "-q"]);
    git(["add", "."]);
    git(["commit", "-q", "-m", "scaffold"]);
    const clone = join(user.root, "clone");
    git(["clone", "-q", project, clone], user.root);
    expect(existsSync(join(clone, "vendor/sluice/sluice-dsl-0.1.0.tgz"))).toBe(true);
    expect(existsSync(join(clone, "node_modules"))).toBe(false);
    ok(sh("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], clone));
    expect(ok(sluice(["check", "iris_project.pipeline.ts"], clone)).stdout).toBe("iris_project: 3 steps, no problems\n");
  }, 90_000);

  it("runs a second pipeline written by hand: two script steps, AutoML, registration", () => {
    mkdirSync(join(project, "steps"));
    writeFileSync(join(project, "steps/clean.py"), CLEAN);
    writeFileSync(join(project, "steps/featurize.py"), FEATURIZE);
    writeFileSync(join(project, "petals.pipeline.ts"), HAND_WRITTEN);
    const run = ok(sluice(["run", "petals.pipeline.ts"]));
    expect(run.stdout).toContain("register: registered model petals version 1");
    const again = ok(sluice(["run", "petals.pipeline.ts"]));
    expect(again.stdout).toContain("register: unchanged: petals version 1");
    expect(
      ok(sluice(["models", "list"]))
        .stdout.split("\n")
        .map((l) => l.split("  ").slice(0, 2).join(" ")),
    ).toEqual(["iris_project_model version 1", "petals version 1", ""]);
  }, 120_000);

  it("serves the registered model with the installed CLI: sluice serve, then sluice invoke", async () => {
    const signature = JSON.parse(readFileSync(join(project, ".sluice/registry/models/petals/1/model/MLmodel.json"), "utf8")).signature.inputs as Array<{
      name: string;
    }>;
    const columns = signature.map((c) => c.name);
    const row = columns.map((c) => ({ petal_area: 0.28, sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 })[c] ?? 0);
    writeFileSync(join(project, "request.json"), JSON.stringify({ input_data: { columns, index: [0], data: [row] } }));
    // The bin itself, not npx: Ctrl-C must reach the server.
    const server = spawn(join(project, "node_modules/.bin/sluice"), ["serve", "petals.pipeline.ts"], { cwd: project, env: user.env });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
      server.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("scoring uri: http://127.0.0.1:")) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.stderr.on("data", (c: Buffer) => (out += c.toString()));
    });
    try {
      expect(out).toMatch(/ {2}blue {2}100% {2}model petals:1 {2}ready\n/);
      const invoked = ok(sluice(["invoke", "petals.pipeline.ts", "--data", "request.json"]));
      expect(JSON.parse(invoked.stdout)).toEqual(["setosa"]);
    } finally {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGINT");
      await exited;
    }
  }, 120_000);

  it("writes a run's report with the installed CLI: one file, its script and styles inside", () => {
    const written = ok(sluice(["report", "latest", "--out", "report.html"]));
    expect(written.stdout).toBe("report: report.html\n");
    const html = readFileSync(join(project, "report.html"), "utf8");
    expect(html).toContain("uPlot");
    expect(html).toMatch(/<svg class="dag"/);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  });

  it("gc removes old runs (keeping --keep per pipeline) and unused cache entries, never registered models", () => {
    const runs = () => JSON.parse(ok(sluice(["runs", "--json"])).stdout) as Array<{ id: string; pipeline: string }>;
    const before = runs();
    // Two runs of the hand-written pipeline, one of the scaffolded one: --keep 1 keeps one of each.
    expect(before.map((r) => r.pipeline)).toEqual(["petals", "petals", "iris_project"]);
    const dry = ok(sluice(["gc", "--keep", "1", "--dry-run"]));
    expect(dry.stdout).toMatch(/would remove 1 run\(s\) and \d+ cache entr(y|ies), kept 2 run\(s\): [\d.]+ [kM]?B would be freed/);
    expect(runs()).toHaveLength(3);
    expect(ok(sluice(["gc", "--keep", "1"])).stdout).toMatch(/removed 1 run\(s\) and \d+ cache entr(y|ies), kept 2 run\(s\)/);
    expect(runs().map((r) => r.id)).toEqual([before[0]!.id, before[2]!.id]);
    const done = ok(sluice(["gc", "--keep", "0"]));
    expect(done.stdout).toMatch(/removed 2 run\(s\) and [1-9]\d* cache entr(y|ies), kept 0 run\(s\): [\d.]+ [kM]B freed/);
    expect(runs()).toEqual([]);
    expect(ok(sluice(["models", "show", "iris_project_model"])).stdout).toContain("version: 1");
    expect(existsSync(join(project, ".sluice/registry/models/iris_project_model/1/model/MLmodel"))).toBe(true);
    const bad = sluice(["gc", "--older-than", "soon"]);
    expect([bad.status, bad.stderr]).toEqual([2, "sluice: --older-than takes an age like 30d, 12h, 90m or 2w, not 'soon'\n"]);
  });

  it("imports a command job YAML and runs it with the installed CLI, its MLflow calls recorded without MLflow", () => {
    mkdirSync(join(project, "job/src"), { recursive: true });
    writeFileSync(join(project, "job/src/train.py"), TRAIN_WITH_MLFLOW);
    writeFileSync(join(project, "job/job.yml"), COMMAND_JOB_YAML);
    ok(sluice(["import", "job/job.yml", "--out", "job/job.pipeline.ts"]));
    expect(readFileSync(join(project, "job/job.pipeline.ts"), "utf8")).toContain("export default commandJob({");
    ok(sluice(["check", "job/job.pipeline.ts"]));
    expect(ok(sluice(["run", "job/job.pipeline.ts"])).stdout).toMatch(/✓ job done/);
    const [run] = JSON.parse(ok(sluice(["runs", "--json"])).stdout) as Array<{ id: string; pipeline: string }>;
    expect(run?.pipeline).toBe("train-once");
    const calls = readFileSync(join(project, ".sluice/runs", run?.id ?? "", "steps/job/mlflow.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(calls.map((l) => JSON.parse(l)).map((c) => `${c.kind} ${c.key} ${c.value}`)).toEqual(["param rows 5", "metric accuracy 0.5"]);
    const missing = sluice(["import", "job/nope.yml"]);
    expect([missing.status, missing.stderr]).toEqual([2, "sluice: job/nope.yml does not exist\n"]);
    writeFileSync(join(project, "job/typo.yml"), COMMAND_JOB_YAML.replace("compute:", "computer:"));
    const typo = sluice(["import", "job/typo.yml", "--out", "job/typo.pipeline.ts"]);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/job\/typo\.yml:9:1 computer: unknown key 'computer' \(did you mean 'compute'\?\)/);
    expect(existsSync(join(project, "job/typo.pipeline.ts"))).toBe(false);
  }, 120_000);

  it("type-checks pipeline files against the installed declarations", () => {
    writeFileSync(
      join(project, "wrong.pipeline.ts"),
      HAND_WRITTEN.replace("features.readDelimitedFiles()", "features.asInput()").replace('"petals"', '"wrong"'),
    );
    const r = sluice(["check", "wrong.pipeline.ts"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("wrong.pipeline.ts:11:69 [typescript] TS2322 Type 'FileData' is not assignable to type 'TableData'.");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    rmSync(join(project, "wrong.pipeline.ts"));
  });

  it("on a Node older than 22.18, says so in one line", () => {
    const old = (process.env.PATH ?? "")
      .split(":")
      .map((d) => join(d, "node"))
      .find((n) => {
        const v = spawnSync(n, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout?.trim();
        return v !== undefined && v !== "" && Number(v.split(".")[0]) < 22;
      });
    if (!old) return; // this machine has no older Node to try
    const r = spawnSync(old, [join(project, "node_modules/@sluice/runtime/bin/sluice.mjs"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^sluice: needs Node\.js 22\.18 or newer to load TypeScript pipeline files \(this is v\d+\.\d+\.\d+\)\n {2}hint: /);
  });

  it("answers a wrong run id in one line naming where it looked", () => {
    const r = sluice(["outputs", "nope"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `sluice: no run 'nope' in ${join(project, ".sluice")} (beside ${join(project, "sluice.config.json")})\n  hint: \`sluice runs\` lists the runs of this project; \`latest\` is the newest\n`,
    );
  });
});
