// Control flow at compile time: what Azure would refuse once the job runs, reported at the node
// (SL163) or the step (SL164, SL116) with the ports it names; and the emitted YAML nodes.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cmd, commandStep, component, doWhile, environment, ifElse, input, output, parallelFor, pipeline, pipelineParameter } from "@sluice/dsl";
import type { PipelineIR } from "@sluice/dsl/ir";
import { compilePipeline, emitGraph } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

const ENV = environment("azureml:AzureML-sklearn-1.0@latest");
const round = component({
  name: "round",
  inputs: { model_in: input.uriFolder({ optional: true }), lr: input.number({ default: 0.1 }), tag: input.string({ optional: true }) },
  outputs: { model_out: output.uriFolder(), again: output.boolean({ isControl: true }), plain: output.boolean(), score: output.number() },
  environment: ENV,
  command: ({ outputs }) => cmd`train ${outputs.model_out} ${outputs.again} ${outputs.plain} ${outputs.score}`,
});

/** The messages a compile reports, as `CODE message`. */
function problems(ir: PipelineIR): string[] {
  const result = compilePipeline(ir, { emitOnly: true });
  return result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
}

describe("control-flow checks", () => {
  it("accepts a well-formed pipeline and emits its nodes in CLI YAML", () => {
    const p = pipeline({ name: "cf", defaultCompute: "cpu-cluster" }, () => {
      const a = round({ name: "a" });
      doWhile({ name: "loop", body: a, condition: "again", mapping: { model_out: "model_in" }, maxIterations: 3 });
      const b = round({ name: "b", inputs: { lr: a.outputs.score } });
      const c = round({ name: "c" });
      ifElse({ name: "pick", condition: pipelineParameter("go", true), ifTrue: [b, c] });
      const d = round({ name: "d" });
      const fan = parallelFor({
        name: "fan",
        body: d,
        items: [
          { lr: 0.1, tag: "x" },
          { lr: 0.2, tag: "y" },
        ],
      });
      commandStep({ name: "use", environment: ENV, inputs: { models: fan.outputs.model_out }, command: ({ inputs }) => cmd`ls ${inputs.models}` });
    });
    const result = compilePipeline(p.toIR(), { emitOnly: true });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    if (!result.ok) return;
    const jobs = parse(emitCliYaml(result.model, "/")).jobs;
    expect(jobs.loop).toEqual({
      type: "do_while",
      body: "${{parent.jobs.a}}",
      condition: "again",
      mapping: { model_out: ["model_in"] },
      limits: { max_iteration_count: 3 },
    });
    expect(jobs.pick).toEqual({ type: "if_else", condition: "${{parent.inputs.go}}", true_block: ["${{parent.jobs.b}}", "${{parent.jobs.c}}"] });
    expect(jobs.fan).toEqual({ type: "parallel_for", body: "${{parent.jobs.d}}", items: '[{"lr": 0.1, "tag": "x"}, {"lr": 0.2, "tag": "y"}]' });
    expect(jobs.use.inputs.models).toBe("${{parent.jobs.fan.outputs.model_out}}");
    expect(jobs.a.component.outputs.again).toEqual({ type: "boolean", is_control: true });
    const graph = emitGraph(p.toIR(), "mermaid");
    for (const edge of ["fan -.->|for each| d", "fan -->|model_out| use", "loop -.->|repeats| a", "pick -.->|ifTrue| b", "pick -.->|ifTrue| c"])
      expect(graph).toContain(edge);
  });

  // biome-ignore lint/suspicious/noConfusingVoidType: a build function may end without returning outputs.
  const cases: Array<[string, () => void | Record<string, never>, RegExp[]]> = [
    [
      "a condition that is not a control output",
      () => {
        const a = round({ name: "a" });
        const b = round({ name: "b" });
        ifElse({ name: "pick", condition: a.outputs.plain, ifTrue: b });
      },
      [/^SL163 the condition of ifElse 'pick' reads step 'a', but its output 'plain' is not a boolean control output$/],
    ],
    [
      "a condition in its own block",
      () => {
        const a = round({ name: "a" });
        ifElse({ name: "pick", condition: a.outputs.again, ifTrue: a });
      },
      [/^SL163 ifElse 'pick' decides on step 'a', which is in its own block$/, /^SL101 /],
    ],
    [
      "a step in two control-flow nodes",
      () => {
        const a = round({ name: "a" });
        doWhile({ name: "loop", body: a, condition: a.outputs.again });
        parallelFor({ name: "fan", body: a, items: [{ lr: 1 }] });
      },
      [/^SL163 step 'a' is already governed by 'loop'; parallelFor 'fan' names it too$/],
    ],
    [
      "an ifElse block that is a loop, and a loop over a loop",
      () => {
        const a = round({ name: "a" });
        const b = round({ name: "b" });
        const fan = parallelFor({ name: "fan", body: a, items: [{ lr: 1 }] });
        ifElse({ name: "pick", condition: true, ifTrue: fan, ifFalse: b });
        parallelFor({ name: "outer", body: fan as never, items: [{ lr: 1 }] });
      },
      [
        /^SL163 ifElse 'pick' names parallelFor 'fan' as its ifTrue block, but a control-flow node cannot be one \(the official SDK refuses it too\)$/,
        /^SL163 parallelFor 'outer' names parallelFor 'fan' as its body, but a control-flow node cannot be one/,
      ],
    ],
    [
      "a doWhile whose condition is another step's",
      () => {
        const a = round({ name: "a" });
        const b = round({ name: "b" });
        doWhile({ name: "loop", body: a, condition: b.outputs.again });
      },
      [/^SL163 the condition of doWhile 'loop' must be a boolean control output of 'a', but it has no output '<not an output of the body>'$/],
    ],
    [
      "a mapping to a missing input and across kinds, and too many rounds",
      () => {
        const a = round({ name: "a" });
        doWhile({ name: "loop", body: a, condition: "again", mapping: { model_out: ["lr", "nope"] }, maxIterations: 1001 });
      },
      [
        /^SL163 doWhile 'loop' maps uri_folder output 'model_out' to number input 'lr'$/,
        /^SL163 doWhile 'loop' maps 'model_out' to 'nope', which is not an input of its body 'a'/,
        /^SL163 doWhile 'loop' allows 1001 rounds$/,
      ],
    ],
    [
      "items that differ in keys, set unknown inputs, or have the wrong type",
      () => {
        const a = round({ name: "a" });
        parallelFor({ name: "fan", body: a, items: [{ lr: 0.1 }, { lr: "fast" }, { nope: 1 }] });
      },
      [
        /^SL163 item 1 of parallelFor 'fan' sets number input 'lr' to "fast"$/,
        /^SL163 item 2 of parallelFor 'fan' sets nope, item 0 sets lr$/,
        /^SL163 item 2 of parallelFor 'fan' sets 'nope', which is not an input of 'a'/,
      ],
    ],
    [
      "empty items",
      () => {
        parallelFor({ name: "fan", body: round({ name: "a" }), items: [] });
      },
      [/^SL163 parallelFor 'fan' has no items$/],
    ],
    [
      "a value output read as data, and data read as a value",
      () => {
        const a = round({ name: "a" });
        commandStep({ name: "b", environment: ENV, inputs: { x: a.outputs.again }, command: ({ inputs }) => cmd`ls ${inputs.x}` });
        round({ name: "c", inputs: { lr: a.outputs.model_out as never } });
      },
      [/^SL116 lr of step 'c' must be a number, got data$/, /^SL164 step 'b' reads boolean output 'again' of 'a' as data \(x\)$/],
    ],
    [
      "a value returned as a pipeline output, directly or gathered by a parallelFor",
      () => {
        const a = round({ name: "a" });
        const fan = parallelFor({ name: "fan", body: round({ name: "b" }), items: [{ lr: 1 }] });
        return { flag: a.outputs.again, flags: fan.outputs.again, models: fan.outputs.model_out };
      },
      [
        /^SL164 pipeline output 'flag' is boolean output 'again' of 'a', a value$/,
        /^SL164 pipeline output 'flags' is string output 'again' of 'fan', a value$/,
      ],
    ],
    [
      "a control node named like a step",
      () => {
        const a = round({ name: "a" });
        ifElse({ name: "A", condition: false, ifFalse: a });
      },
      [/^SL104 step name 'a' and 'A' are used twice/],
    ],
  ];

  it.each(cases)("reports %s", (_, build, expected) => {
    const found = problems(pipeline({ name: "cf", defaultCompute: "cpu-cluster" }, build).toIR());
    expect(found, found.join("\n")).toHaveLength(expected.length);
    for (const e of expected)
      expect(
        found.some((f) => e.test(f)),
        `${e} in\n${found.join("\n")}`,
      ).toBe(true);
  });

  it("refuses a non-boolean condition and a missing block when the pipeline is built", () => {
    expect(() =>
      pipeline({ name: "cf" }, () => {
        ifElse({ name: "pick", condition: "yes" as never, ifTrue: round({ name: "a" }) });
      }),
    ).toThrow(/SL009|condition/);
    expect(() =>
      pipeline({ name: "cf" }, () => {
        ifElse({ name: "pick", condition: true });
      }),
    ).toThrow(/neither an ifTrue nor an ifFalse block/);
  });
});
