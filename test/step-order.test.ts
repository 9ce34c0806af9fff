// `step.after(other)`: order without data. On Azure it is the documented workaround (the earlier
// step's component gets an empty `sluice_done` output, the later one's an optional input bound to
// it); the local scheduler waits through the same binding; what cannot be ordered is one located
// SL162.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cmd, commandStep, environment, output, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";
import { compilePipeline, restJobBody } from "@sluice/compiler";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
afterAll(() => {
  project.cleanup();
  box.cleanup();
});
const ENV = environment("azureml:AzureML-sklearn-1.0@latest");

describe("step.after(other)", () => {
  const ordered = () =>
    pipeline({ name: "ordered", defaultCompute: "cpu" }, () => {
      const first = commandStep({ name: "first", environment: ENV, command: () => cmd`echo first` });
      const out = outputFileDataset("o");
      const second = pythonScriptStep({ name: "second", sourceDirectory: join(project.dir, "src"), script: "write_ok.py", arguments: ["--out", out] });
      second.after(first);
      commandStep({ name: "third", environment: ENV, outputs: { x: output.uriFolder() }, command: ({ outputs }) => cmd`echo ${outputs.x}` }).after(
        first,
        second,
      );
      return { o: out };
    }).toIR();

  it("is sent as Azure's workaround: a signal output and an optional input bound to it", () => {
    const r = compilePipeline(ordered(), { emitOnly: true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const jobs = restJobBody(r.model).properties.jobs as Record<string, Record<string, Record<string, unknown>>>;
    expect(jobs.third?.inputs).toEqual({
      sluice_after_first: { job_input_type: "literal", value: "${{parent.jobs.first.outputs.sluice_done}}" },
      sluice_after_second: { job_input_type: "literal", value: "${{parent.jobs.second.outputs.sluice_done}}" },
    });
    expect(jobs.second?.inputs).toEqual({ sluice_after_first: { job_input_type: "literal", value: "${{parent.jobs.first.outputs.sluice_done}}" } });
    const first = r.model.components.find((c) => c.usedBy.includes("first"));
    expect(first?.outputs.sluice_done).toEqual({ type: "uri_folder" });
    const third = r.model.components.find((c) => c.usedBy.includes("third"));
    expect(third?.inputs.sluice_after_first).toEqual({ type: "uri_folder", optional: true });
    expect(r.model.nodes.find((n) => n.key === "third")?.dependsOn).toEqual(["first", "second"]);
  });

  it("refuses what cannot be ordered, located at the later step", () => {
    const bad = pipeline({ name: "bad", defaultCompute: "cpu" }, () => {
      const a = commandStep({ name: "a", environment: ENV, command: () => cmd`echo a` });
      a.after({ name: "ghost" });
      commandStep({ name: "b", environment: ENV, command: () => cmd`echo b` })
        .after(a)
        .after({ name: "b" });
    }).toIR();
    const r = compilePipeline(bad, { emitOnly: true });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`)).toEqual([
      "SL162 bad/a step 'a' runs after 'ghost', which is not a step of this pipeline",
      "SL162 bad/b step 'b' runs after 'b', which is itself",
    ]);
    expect(() =>
      pipeline({ name: "c", defaultCompute: "cpu" }, () => {
        commandStep({ name: "c", environment: ENV, command: () => cmd`echo` }).after(null as never);
      }),
    ).toThrow(/after\(\) of step 'c' takes steps, got null/);
  });

  it("runs locally in that order, the signal's empty folder no failure", () => {
    writeFileSync(
      project.file("order.pipeline.ts"),
      `import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";

export default pipeline({ name: "order" }, () => {
  const s = outputFileDataset("s");
  const slow = pythonScriptStep({ name: "slow", sourceDirectory: "./src", script: "sleep.py", arguments: ["--out", s] });
  const out = outputFileDataset("o");
  pythonScriptStep({ name: "stamp", sourceDirectory: "./src", script: "write_ok.py", arguments: ["--out", out] }).after(slow);
  return { o: out, s };
});
`,
    );
    expect(box.sluice(["graph", project.file("order.pipeline.ts")]).stdout).toContain("  slow -.->|after| stamp\n");
    const r = box.sluice(["run", project.file("order.pipeline.ts")], { SLEEP: "1" });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.findIndex((l) => /✓ slow done/.test(l))).toBeLessThan(lines.findIndex((l) => /▶ stamp started/.test(l)));
  });
});
