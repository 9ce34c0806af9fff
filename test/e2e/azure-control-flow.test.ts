// Control flow deployed to the emulated workspace: ifElse, doWhile and parallelFor nodes sent as
// the SDK sends them (the value outputs declared `is_control` in the registered components), then
// run by the emulator's executor with the local scheduler, and the loop outputs downloaded. Also
// a pipeline job's own compute (top-level `compute:`), sent as an ARM id the workspace checks.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "test/fixtures/control-flow" });
const { box, sluice } = azure;
type Body = { properties: { jobs: Record<string, Record<string, unknown>> } };

/** The last pipeline job body the workspace received. */
const lastJob = () =>
  azure.stack
    .requests()
    .filter((r) => r.method === "PUT" && r.path.includes("/jobs/"))
    .at(-1)?.body as Body;

describe("control flow on an Azure ML workspace (emulator + Azurite)", () => {
  it("runs a parallelFor and downloads every round's folder", { timeout: 240_000 }, () => {
    const out = join(box.root, "fan");
    const r = sluice(["deploy", azure.project.file("local-parallel-for.pipeline.ts"), "--yes", "--run-now", "--download", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(lastJob().properties.jobs.fan).toMatchObject({
      type: "parallel_for",
      body: "${{parent.jobs.body}}",
      items: '[{"count": 1}, {"count": 2}, {"count": 3}]',
      max_concurrency: 2,
    });
    expect(readdirSync(join(out, "all")).sort()).toEqual(["0", "1", "2"]);
    expect(readFileSync(join(out, "all", "2", "message.txt"), "utf8")).toBe("fan x3");
  });

  it("runs the ifElse block its condition chooses", { timeout: 240_000 }, () => {
    const out = join(box.root, "branch");
    const r = sluice(["deploy", azure.project.file("local-if-else.pipeline.ts"), "--yes", "--run-now", "--download", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(lastJob().properties.jobs.branch).toEqual({
      type: "if_else",
      condition: "${{parent.jobs.check.outputs.good_enough}}",
      true_block: "${{parent.jobs.publish}}",
      false_block: "${{parent.jobs.retrain}}",
    });
    expect(readFileSync(join(out, "published", "message.txt"), "utf8")).toBe("publish x1");
  });

  it("repeats a doWhile body until its condition is false", { timeout: 240_000 }, () => {
    const out = join(box.root, "loop");
    const r = sluice(["deploy", azure.project.file("local-do-while.pipeline.ts"), "--yes", "--run-now", "--download", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(lastJob().properties.jobs.loop).toEqual({
      type: "do_while",
      body: "${{parent.jobs.body}}",
      condition: "done",
      mapping: { result: ["data"] },
      limits: { max_iteration_count: 5 },
    });
    expect(readFileSync(join(out, "last", "seen.txt"), "utf8")).toBe("4");
  });

  it("runs control flow inside a registered pipeline component", { timeout: 240_000 }, () => {
    const out = join(box.root, "nested");
    const r = sluice(["deploy", azure.project.file("local-nested.pipeline.ts"), "--yes", "--run-now", "--download", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(readFileSync(join(out, "out", "seen.txt"), "utf8")).toBe("4");
  });

  it("sends a pipeline's own compute as the job's computeId, an ARM id, and runs its steps", { timeout: 240_000 }, () => {
    const out = join(box.root, "job-compute");
    const r = sluice(["deploy", azure.project.file("job-compute.pipeline.ts"), "--yes", "--run-now", "--download", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const job = lastJob() as Body & { properties: { computeId?: string; settings: Record<string, unknown> } };
    expect(job.properties.computeId).toMatch(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/computes\/cpu-cluster$/,
    );
    expect(job.properties.settings.default_compute).toBeUndefined();
    expect(readFileSync(join(out, "said", "message.txt"), "utf8")).toBe("on the job's compute x1");
  });
});
