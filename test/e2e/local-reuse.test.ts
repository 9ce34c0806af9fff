import { spawn } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";
import { copyProject, sandbox, stepStates, TITANIC_CSV } from "../helpers/local-sandbox.ts";

const shared = sandbox();
const a = copyProject("examples/titanic-automl");
const b = copyProject("examples/titanic-automl");
const boxB = sandbox({ cacheDir: shared.env.SLUICE_CACHE_DIR });
const csv = join(shared.root, "titanic.csv");
writeFileSync(csv, readFileSync(TITANIC_CSV));
const fileA = join(relative(REPO_ROOT, a.dir), "titanic.pipeline.ts");
const fileB = join(relative(REPO_ROOT, b.dir), "titanic.pipeline.ts");
afterAll(() => {
  for (const x of [a, b, shared, boxB]) x.cleanup();
});

const lastStates = (box: typeof shared) => stepStates(box.runs()[0]!);
// Registering and deploying always run (allowReuse: false); the others are reused when unchanged.
const REUSED = { dataprep: "reused", split: "reused", AutoML_Classification: "reused", register_model: "completed", promote: "completed" };
const RAN = { dataprep: "completed", split: "completed", AutoML_Classification: "completed", register_model: "completed", promote: "completed" };

describe("reuse", () => {
  it("a second unchanged run executes no reusable step", () => {
    expect(shared.sluice(["run", fileA, "--input", `titanic_ds=${csv}`]).status).toBe(0);
    expect(shared.sluice(["run", fileA, "--input", `titanic_ds=${csv}`]).status).toBe(0);
    expect(lastStates(shared)).toEqual(REUSED);
  });

  it("does not depend on where the checkout lives: another copy sharing the cache reuses it", () => {
    expect(boxB.sluice(["run", fileB, "--input", `titanic_ds=${csv}`]).status).toBe(0);
    expect(lastStates(boxB)).toEqual(REUSED);
  });

  it("a comment-only edit of dataprep.py reruns the steps using that code; AutoML below them is reused, since their output is the same bytes", () => {
    // The run that produced the cached AutoML result: the first one.
    const before = shared.runs().at(-1)!.id;
    appendFileSync(join(a.dir, "src", "dataprep.py"), "\n# tuned\n");
    const plan = shared.sluice(["plan", fileA, "--input", `titanic_ds=${csv}`]);
    expect(plan.stdout).toBe(
      [
        "dataprep: RUN — src/dataprep.py changed",
        // The split step's code is the same folder (it imports dataprep's reader).
        "split: RUN — src/dataprep.py changed",
        `AutoML_Classification: MAYBE — reused if split writes the same output as for run ${before}, else runs`,
        "register_model: RUN — reuse disabled (allowReuse: false)",
        "promote: RUN — reuse disabled (allowReuse: false)",
        "",
      ].join("\n"),
    );
    expect(shared.sluice(["run", fileA, "--input", `titanic_ds=${csv}`]).status).toBe(0);
    expect(lastStates(shared)).toEqual({ ...RAN, AutoML_Classification: "reused" });
  });

  it("input data counts by content: new bytes at the same path rerun the steps that read it", () => {
    writeFileSync(csv, readFileSync(TITANIC_CSV, "utf8").trimEnd().split("\n").slice(0, 700).join("\n"));
    const plan = shared.sluice(["plan", fileA, "--input", `titanic_ds=${csv}`]);
    expect(plan.stdout.split("\n")[0]).toBe("dataprep: RUN — input titanic_ds content changed");
    expect(shared.sluice(["run", fileA, "--input", `titanic_ds=${csv}`]).status).toBe(0);
    expect(lastStates(shared)).toMatchObject({ dataprep: "completed", AutoML_Classification: "completed" });
  });

  it("--force reruns everything", () => {
    expect(shared.sluice(["plan", fileA, "--force", "--input", `titanic_ds=${csv}`]).stdout).toContain("dataprep: RUN — --force");
    expect(shared.sluice(["run", fileA, "--force", "--input", `titanic_ds=${csv}`]).status).toBe(0);
    expect(lastStates(shared)).toEqual(RAN);
  });
});

describe("a shared cache under concurrent runs", () => {
  it("two runs at once both complete, leave only whole entries, and a third run reuses them", async () => {
    const cache = sandbox();
    const other = sandbox({ cacheDir: cache.env.SLUICE_CACHE_DIR });
    const start = (box: typeof cache, file: string) =>
      new Promise<number>((done) => {
        const child = spawn(
          process.execPath,
          ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "run", file, "--input", `titanic_ds=${TITANIC_CSV}`],
          { cwd: REPO_ROOT, env: { ...process.env, ...box.env }, stdio: "ignore" },
        );
        child.on("exit", (code) => done(code ?? -1));
      });
    expect(await Promise.all([start(cache, fileA), start(other, fileB)])).toEqual([0, 0]);
    const steps = join(cache.env.SLUICE_CACHE_DIR, "steps");
    for (const entry of readdirSync(steps)) expect(JSON.parse(readFileSync(join(steps, entry, "entry.json"), "utf8")).fingerprint).toBe(entry);
    expect(readdirSync(join(cache.env.SLUICE_CACHE_DIR, "tmp"))).toEqual([]);
    expect(cache.sluice(["run", fileA, "--input", `titanic_ds=${TITANIC_CSV}`]).status).toBe(0);
    expect(lastStates(cache)).toEqual(REUSED);
    cache.cleanup();
    other.cleanup();
  }, 120_000);
});
