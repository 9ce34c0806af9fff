// Reuse is invalidated by what a step's result depends on, shown for the facts no other test
// covered: a step's environment variables, a data file renamed (same bytes, new name), and a
// sweep trial's own code or data (the whole sweep reruns, and no trial is reused: the renamed
// file is the trials' data too).
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, stepStates } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

const PIPELINE = `import { choice, cmd, commandStep, component, environment, input, localFiles, output, pipeline, sweepStep } from "@sluice/dsl";

const sklearn = environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");
const data = localFiles("data", "./data/");

const trial = component({
  name: "tiny_trial",
  code: "./trial",
  environment: sklearn,
  inputs: { data: input.uriFolder(), x: input.integer({ default: 1 }) },
  outputs: { out: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd\`python trial.py --data \${inputs.data} --x \${inputs.x} --out \${outputs.out}\`,
});

export default pipeline({ name: "invalidate", defaultCompute: "local" }, () => {
  const envy = commandStep({
    name: "envy",
    code: "./envy",
    inputs: { data },
    outputs: { out: output.uriFolder() },
    environmentVariables: { MODE: "fast" },
    command: ({ inputs, outputs }) => cmd\`python envy.py --data \${inputs.data} --out \${outputs.out}\`,
  });
  const sweep = sweepStep({
    name: "sweep",
    trial,
    inputs: { data },
    searchSpace: { x: choice([1, 2]) },
    sampling: "grid",
    objective: { metric: "loss", goal: "minimize" },
    limits: { maxTotalTrials: 2, maxConcurrentTrials: 2 },
  });
  return { envy: envy.outputs.out, best: sweep.outputs.out };
});
`;
const ENVY = `import argparse, os
p = argparse.ArgumentParser(); p.add_argument("--data"); p.add_argument("--out"); a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
open(os.path.join(a.out, "seen.txt"), "w").write(os.environ["MODE"] + " " + ",".join(sorted(os.listdir(a.data))))
`;
const TRIAL = `import argparse, os
import mlflow
p = argparse.ArgumentParser(); p.add_argument("--data"); p.add_argument("--x", type=int); p.add_argument("--out"); a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
open(os.path.join(a.out, "x.txt"), "w").write(str(a.x))
mlflow.log_metric("loss", a.x + len(os.listdir(a.data)))
`;
for (const dir of ["envy", "trial", "data"]) mkdirSync(join(project.dir, dir));
writeFileSync(join(project.dir, "envy", "envy.py"), ENVY);
writeFileSync(join(project.dir, "trial", "trial.py"), TRIAL);
writeFileSync(join(project.dir, "data", "rows.csv"), "a,b\n1,2\n");
const source = join(project.dir, "invalidate.pipeline.ts");
writeFileSync(source, PIPELINE);
const FILE = project.file("invalidate.pipeline.ts");
const plan = () => box.sluice(["plan", FILE]).stdout;
const run = () => {
  const done = box.sluice(["run", FILE]);
  expect(done.status, done.stderr).toBe(0);
  return box.runs()[0]!;
};
type Trial = { id: string; reused: boolean };
const trialsOf = (r: ReturnType<typeof run>) => ((r.steps.find((s) => s.name === "sweep") as unknown as { trials: Trial[] }).trials ?? []).map((t) => t.reused);

describe("reuse is invalidated", () => {
  it("nowhere when nothing changed", () => {
    run();
    expect(plan()).toMatch(/^envy: REUSED .*\nsweep: REUSED .*\n$/);
  });

  it("by a step's environment variable: that step reruns, the other is reused", () => {
    writeFileSync(source, PIPELINE.replace('MODE: "fast"', 'MODE: "slow"'));
    expect(plan()).toMatch(/^envy: RUN — environment variable MODE changed\nsweep: REUSED/);
    expect(stepStates(run())).toEqual({ envy: "completed", sweep: "reused" });
  });

  it("by a data file renamed with the same bytes: every step reading the folder reruns, and no trial is reused", () => {
    renameSync(join(project.dir, "data", "rows.csv"), join(project.dir, "data", "renamed.csv"));
    expect(plan()).toBe("envy: RUN — input data content changed\nsweep: RUN — input data content changed\n");
    const after = run();
    expect(stepStates(after)).toEqual({ envy: "completed", sweep: "completed" });
    expect(trialsOf(after)).toEqual([false, false]);
  });

  it("by a sweep trial's own code, even a comment: the sweep reruns every trial", () => {
    appendFileSync(join(project.dir, "trial", "trial.py"), "# tuned\n");
    expect(plan()).toMatch(/^envy: REUSED .*\nsweep: RUN — trial\/trial\.py changed\n$/);
    const after = run();
    expect(stepStates(after)).toEqual({ envy: "reused", sweep: "completed" });
    expect(trialsOf(after)).toEqual([false, false]);
  });
});
