// Reuse is never wrong: a step reruns when anything its result depends on changed — the
// versions of the Python packages it imports, any byte of its data (ignored and hidden files
// too), a parameter value, an AutoML setting — and a corrupt cache entry is a miss, not a crash.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, stepStates } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

// A distribution of our own on PYTHONPATH: "upgrading" it is renaming its dist-info.
const site = join(box.root, "site");
function installFakePackage(version: string): void {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(join(site, "sluicefake"), { recursive: true });
  writeFileSync(join(site, "sluicefake", "__init__.py"), `VERSION = "${version}"\n`);
  mkdirSync(join(site, `sluicefake-${version}.dist-info`));
  writeFileSync(join(site, `sluicefake-${version}.dist-info`, "METADATA"), `Metadata-Version: 2.1\nName: sluicefake\nVersion: ${version}\n`);
  writeFileSync(join(site, `sluicefake-${version}.dist-info`, "top_level.txt"), "sluicefake\n");
}

const PIPELINE = `import { localFiles, outputFileDataset, pipeline, pipelineParameter, pythonScriptStep } from "@sluice/dsl";

const data = localFiles("data", "./data/");
const greeting = pipelineParameter("greeting", "hello");

export default pipeline({ name: "reuse_facts", defaultCompute: "local" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "uses_pkg", sourceDirectory: "./pkgsrc", script: "uses_pkg.py", arguments: ["--data", data, "--greeting", greeting, "--out", out] });
  return { out };
});
`;
const SCRIPT = `import argparse, os
import sluicefake

p = argparse.ArgumentParser()
p.add_argument("--data"); p.add_argument("--greeting"); p.add_argument("--out")
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
open(os.path.join(a.out, "v.txt"), "w").write(sluicefake.VERSION + " " + a.greeting + " " + str(sorted(os.listdir(a.data))))
`;

describe("reuse is never wrong", () => {
  mkdirSync(join(project.dir, "pkgsrc"));
  writeFileSync(join(project.dir, "pkgsrc", "uses_pkg.py"), SCRIPT);
  mkdirSync(join(project.dir, "data"));
  writeFileSync(join(project.dir, "data", "rows.csv"), "a,b\n1,2\n");
  writeFileSync(join(project.dir, "data", ".gitignore"), "scratch.csv\n");
  writeFileSync(join(project.dir, "reuse.pipeline.ts"), PIPELINE);
  const file = relative(REPO_ROOT, join(project.dir, "reuse.pipeline.ts"));
  const env = { PYTHONPATH: site, SLUICE_PYTHON: "/usr/bin/python3" };
  const run = (...extra: string[]) => box.sluice(["run", file, ...extra], env);
  const plan = (...extra: string[]) => box.sluice(["plan", file, ...extra], env).stdout;
  installFakePackage("1.0");

  it("reuses an unchanged step", () => {
    expect(run().status).toBe(0);
    expect(run().status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ uses_pkg: "reused" });
  });

  it("reruns a step when a package it imports is upgraded, and says which", () => {
    installFakePackage("2.0");
    expect(plan()).toBe("uses_pkg: RUN — Python package for 'sluicefake' changed: sluicefake==1.0 → sluicefake==2.0\n");
    expect(run().status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ uses_pkg: "completed" });
  });

  it("reruns when a data file changes, even one an ignore file names or a hidden one", () => {
    writeFileSync(join(project.dir, "data", "scratch.csv"), "x\n");
    expect(plan()).toBe("uses_pkg: RUN — input data content changed\n");
    expect(run().status).toBe(0);
    mkdirSync(join(project.dir, "data", "__pycache__"));
    writeFileSync(join(project.dir, "data", "__pycache__", ".hidden"), "y\n");
    expect(plan()).toBe("uses_pkg: RUN — input data content changed\n");
    expect(run().status).toBe(0);
  });

  it("reruns when a parameter value changes", () => {
    expect(plan("--param", "greeting=hello")).toMatch(/^uses_pkg: REUSED/);
    expect(plan("--param", "greeting=bonjour")).toBe("uses_pkg: RUN — parameter greeting changed\n");
  });

  it("counts a corrupt cache entry as a miss: the step runs again and the entry is whole after", () => {
    const steps = join(box.env.SLUICE_CACHE_DIR, "steps");
    for (const entry of readdirSync(steps)) writeFileSync(join(steps, entry, "entry.json"), '{"truncated": ');
    const again = run();
    expect(again.stderr).toBe("");
    expect(again.status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ uses_pkg: "completed" });
    expect(run().status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ uses_pkg: "reused" });
    // An entry whose outputs vanished is a miss too.
    for (const entry of readdirSync(steps)) renameSync(join(steps, entry, "outputs"), join(steps, entry, "gone"));
    expect(run().status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ uses_pkg: "completed" });
  });
});
