// Early cut-off: a step is reused when the content of what it reads is unchanged, even when the
// step that wrote it re-ran. Editing a comment in prep.py reruns prep, whose output is the same
// bytes, so train (below it) is reused; `sluice plan` says beforehand that it depends on that.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, stepStates } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

const PIPELINE = `import { localFiles, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

const rows = localFiles("rows", "./rows/");

export default pipeline({ name: "cutoff", defaultCompute: "local" }, () => {
  const prepped = outputFileDataset("prepped");
  const model = outputFileDataset("model");
  pythonScriptStep({ name: "prep", sourceDirectory: "./prep", script: "prep.py", arguments: ["--rows", rows, "--out", prepped] });
  pythonScriptStep({ name: "train", sourceDirectory: "./train", script: "train.py", arguments: ["--prepped", prepped.asInput(), "--out", model] });
  return { model };
});
`;
const PREP = `import argparse, os
p = argparse.ArgumentParser(); p.add_argument("--rows"); p.add_argument("--out"); a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
text = open(os.path.join(a.rows, "rows.csv")).read()
open(os.path.join(a.out, "clean.csv"), "w").write(text.upper())
`;
const TRAIN = `import argparse, os
p = argparse.ArgumentParser(); p.add_argument("--prepped"); p.add_argument("--out"); a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
lines = open(os.path.join(a.prepped, "clean.csv")).read().splitlines()
open(os.path.join(a.out, "model.txt"), "w").write(str(len(lines)))
`;

mkdirSync(join(project.dir, "prep"));
mkdirSync(join(project.dir, "train"));
mkdirSync(join(project.dir, "rows"));
writeFileSync(join(project.dir, "prep", "prep.py"), PREP);
writeFileSync(join(project.dir, "train", "train.py"), TRAIN);
writeFileSync(join(project.dir, "rows", "rows.csv"), "a,b\n1,2\n");
writeFileSync(join(project.dir, "cutoff.pipeline.ts"), PIPELINE);
const FILE = project.file("cutoff.pipeline.ts");
const run = () => box.sluice(["run", FILE, "--json"]);
const finished = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === "step-finished")
      .map((e) => [e.step, { status: e.status, reused: e.reused, reason: e.reason }]),
  );

describe("early cut-off", () => {
  it("a comment-only edit upstream reruns it, and the step below is reused because the bytes it reads are the same", () => {
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const firstId = box.runs()[0]!.id;
    appendFileSync(join(project.dir, "prep", "prep.py"), "# a comment only\n");
    expect(box.sluice(["plan", FILE]).stdout).toBe(
      `prep: RUN — prep/prep.py changed\ntrain: MAYBE — reused if prep writes the same output as for run ${firstId}, else runs\n`,
    );
    const planned = JSON.parse(box.sluice(["plan", FILE, "--json"]).stdout);
    expect(planned[1]).toMatchObject({ step: "train", action: "MAYBE", waitingOn: ["prep"] });
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(finished(second.stdout)).toEqual({
      prep: { status: "completed", reused: false, reason: "prep/prep.py changed" },
      train: { status: "completed", reused: true, reason: `prep re-ran and wrote the same output; unchanged since run ${firstId}` },
    });
    const record = box.runRecord(box.runs()[0]!.id);
    expect(record.steps[1]).toMatchObject({ name: "train", reused: true, reusedFrom: firstId, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The reused step's output is the one the first run produced, and its log is found there.
    expect(box.sluice(["logs", "latest", "train"]).stderr).toContain(`logs of run ${firstId}`);
  });

  it("an upstream edit that changes its output reruns the step below", () => {
    writeFileSync(join(project.dir, "prep", "prep.py"), PREP.replace("text.upper()", "text.upper() + 'C,D\\n'"));
    const third = run();
    expect(third.status, third.stderr).toBe(0);
    expect(finished(third.stdout).train).toEqual({ status: "completed", reused: false, reason: "upstream prep output changed" });
    expect(stepStates(box.runs()[0]!)).toEqual({ prep: "completed", train: "completed" });
  });

  it("an unchanged run after that reuses both, and the plan says so", () => {
    expect(box.sluice(["plan", FILE]).stdout).toMatch(/^prep: REUSED — unchanged since run \S+\ntrain: REUSED — unchanged since run \S+\n$/);
    expect(run().status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ prep: "reused", train: "reused" });
  });
});
