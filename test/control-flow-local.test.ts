// Control flow run on this machine as Azure runs it: an ifElse runs one block (the other is
// skipped, not failed), a doWhile repeats its body while its control output says so (each round
// a recorded step, the readers getting the last round's folder), a parallelFor runs its body once
// per item and gathers every round's outputs; rounds are reused like any step; a failing round
// fails its loop.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/control-flow");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

type Step = { name: string; status: string; reused: boolean; reason?: string; bypassed?: boolean };
/** The newest run's record. */
function lastRun(): { id: string; status: string; steps: Step[] } {
  const runs = join(box.env.SLUICE_STATE_DIR, "runs");
  return box.runRecord(readdirSync(runs).sort().at(-1) ?? "");
}
const step = (run: { steps: Step[] }, name: string) => run.steps.find((s) => s.name === name);
const output = (id: string, node: string, out: string, file: string) =>
  readFileSync(join(box.env.SLUICE_STATE_DIR, "runs", id, "steps", node, "outputs", out, file), "utf8");

describe("control flow run locally", () => {
  it("runs the ifElse block the condition chooses, and skips the other without failing", () => {
    const r = box.sluice(["run", project.file("local-if-else.pipeline.ts")]);
    expect(r.status, r.stderr).toBe(0);
    let run = lastRun();
    expect(run.status).toBe("completed");
    expect(step(run, "publish")?.status).toBe("completed");
    expect(step(run, "retrain")).toMatchObject({ status: "skipped", bypassed: true, reason: "ifElse 'branch' took the ifTrue block" });
    expect(step(run, "report")).toMatchObject({ status: "skipped", bypassed: true });
    expect(step(run, "branch")).toMatchObject({ status: "completed", reason: "condition true: ran the ifTrue block" });
    expect(r.stdout).toContain("✓ branch: condition true: ran the ifTrue block");
    const plan = box.sluice(["plan", project.file("local-if-else.pipeline.ts")]).stdout;
    expect(plan).toMatch(/^publish: \w+ — .*; only if ifElse 'branch' takes the ifTrue block$/m);
    expect(plan).toMatch(/^retrain: \w+ — .*; only if ifElse 'branch' takes the ifFalse block$/m);

    const flipped = box.sluice(["run", project.file("local-if-else.pipeline.ts"), "--param", "threshold=0.9"]);
    expect(flipped.status, flipped.stderr).toBe(0);
    run = lastRun();
    expect(step(run, "check")?.reused).toBe(false);
    expect(step(run, "publish")).toMatchObject({ status: "skipped", bypassed: true });
    expect(step(run, "retrain")?.status).toBe("completed");
    expect(step(run, "report")?.status).toBe("completed");
  });

  it("repeats a doWhile body while its control output is true, feeding each round the last", () => {
    const r = box.sluice(["run", project.file("local-do-while.pipeline.ts")]);
    expect(r.status, r.stderr).toBe(0);
    const run = lastRun();
    expect(run.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      "body:completed",
      "after:completed",
      "loop:completed",
      "body#2:completed",
      "body#3:completed",
    ]);
    expect(step(run, "loop")?.reason).toBe("3 rounds; condition false");
    // Three rounds and `after` ran; the loop itself decided, it ran nothing.
    expect(box.sluice(["runs"]).stdout).toMatch(new RegExp(`${run.id}\\s+local_do_while\\s+completed\\s+\\S+\\s+4 ran, 0 reused`));
    // `after` read the last round's folder: three rounds counted, then one more for itself.
    expect(output(run.id, "body", "result", "seen.txt")).toBe("3");
    expect(output(run.id, "after", "result", "seen.txt")).toBe("4");

    const again = box.sluice(["run", project.file("local-do-while.pipeline.ts")]);
    expect(again.status, again.stderr).toBe(0);
    const reused = lastRun();
    expect(reused.steps.filter((s) => s.name.startsWith("body") || s.name === "after").every((s) => s.reused)).toBe(true);
    expect(output(reused.id, "after", "result", "seen.txt")).toBe("4");
  });

  it("stops a doWhile at its limit", () => {
    const r = box.sluice(["run", project.file("local-do-while.pipeline.ts"), "--param", "rounds=9"]);
    expect(r.status, r.stderr).toBe(0);
    const run = lastRun();
    expect(step(run, "loop")?.reason).toBe("5 rounds; stopped at the limit of 5");
    expect(output(run.id, "after", "result", "seen.txt")).toBe("6");
  });

  it("runs a parallelFor body once per item and gathers every round's outputs", () => {
    const r = box.sluice(["run", project.file("local-parallel-for.pipeline.ts")]);
    expect(r.status, r.stderr).toBe(0);
    const run = lastRun();
    expect(step(run, "fan")).toMatchObject({ status: "completed", reason: "ran as 3 rounds of parallelFor 'fan'" });
    expect(["body#0", "body#1", "body#2"].map((n) => step(run, n)?.status)).toEqual(["completed", "completed", "completed"]);
    expect([0, 1, 2].map((i) => output(run.id, "fan", "result", `${i}/message.txt`))).toEqual(["fan x1", "fan x2", "fan x3"]);
    expect(JSON.parse(output(run.id, "fan", "done", "value"))).toEqual(["false", "true", "true"]);
    expect(step(run, "collect")?.status).toBe("completed");
  });

  it("fails a parallelFor whose round fails, and skips what reads it", () => {
    const file = project.file("failing-fan.pipeline.ts");
    writeFileSync(
      file,
      readFileSync(project.file("local-parallel-for.pipeline.ts"), "utf8")
        .replace("items: [{ count: 1 }, { count: 2 }, { count: 3 }]", 'items: pipelineParameter("items", \'[{"count": 1}]\')')
        .replace("import { loadComponent, parallelFor, pipeline }", "import { loadComponent, parallelFor, pipeline, pipelineParameter }"),
    );
    const ok = box.sluice(["run", file]);
    expect(ok.status, ok.stderr).toBe(0);
    const r = box.sluice(["run", file, "--param", 'items=[{"count": 2}, {"count": "many"}]']);
    expect(r.status).not.toBe(0);
    const run = lastRun();
    expect(run.status).toBe("failed");
    expect(step(run, "body#1")?.status).toBe("failed");
    expect(step(run, "fan")).toMatchObject({ status: "failed", reason: "round 'body#1' failed" });
    expect(step(run, "collect")?.status).toBe("skipped");
    const bad = box.sluice(["run", file, "--param", "items=nope"]);
    expect(bad.status).not.toBe(0);
    expect(step(lastRun(), "fan")?.reason).toMatch(/^the items of parallelFor 'fan' are not JSON: nope$/);
  });

  it("fails what a condition that is not a boolean decides on, saying what it read", () => {
    const file = project.file("local-flag.pipeline.ts");
    const ok = box.sluice(["run", file]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(step(lastRun(), "loop")?.reason).toBe("1 round; condition false");
    // True (Python's spelling) is true: the loop runs to its limit.
    const looped = box.sluice(["run", file, "--param", "again=True"]);
    expect(looped.status, looped.stderr).toBe(0);
    expect(step(lastRun(), "loop")?.reason).toBe("2 rounds; stopped at the limit of 2");
    const r = box.sluice(["run", file, "--param", "value=maybe"]);
    expect(r.status).not.toBe(0);
    expect(step(lastRun(), "yes")).toMatchObject({ status: "failed", reason: "the condition of ifElse 'branch' is \"maybe\", not true or false" });
    expect(r.stderr + r.stdout).not.toMatch(/at .*\.ts:\d+/);
  });

  it("fails a step that never writes the control output its control-flow node reads", () => {
    const file = project.file("silent-flag.pipeline.ts");
    writeFileSync(file, readFileSync(project.file("local-flag.pipeline.ts"), "utf8").replace("--out ${outputs.flag}", "--out ${inputs.value}.txt"));
    const r = box.sluice(["run", file]);
    expect(r.status).not.toBe(0);
    expect(step(lastRun(), "decide")?.reason).toMatch(
      /^value output 'flag' was never written: the script wrote nothing to .*, which its control-flow node reads$/,
    );
  });

  it("runs control flow inside a pipeline component where the component is used", () => {
    const r = box.sluice(["run", project.file("local-nested.pipeline.ts")]);
    expect(r.status, r.stderr).toBe(0);
    const run = lastRun();
    expect(step(run, "a/loop")?.reason).toBe("3 rounds; condition false");
    expect(step(run, "a/yes")).toMatchObject({ status: "skipped", bypassed: true, reason: "ifElse 'a/pick' took the ifFalse block" });
    expect(output(run.id, "after", "result", "seen.txt")).toBe("4");
  });

  it("ends a parallelFor whose rounds were still waiting when one failed: nothing is left running", () => {
    const file = project.file("failing-fan.pipeline.ts");
    // Four rounds at once but one process at a time: after the first fails, the others never start.
    const r = box.sluice(["run", file, "--parallel", "1", "--param", 'items=[{"count": "x"}, {"count": 1}, {"count": 2}, {"count": 3}]']);
    expect(r.status).not.toBe(0);
    const run = lastRun();
    expect(run.status).toBe("failed");
    expect(run.steps.filter((s) => s.status === "running" || s.status === "queued")).toEqual([]);
    expect(step(run, "body#0")?.status).toBe("failed");
  });
});
