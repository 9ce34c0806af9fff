// Pipeline components: a pipeline used as a step. Its body is checked like a pipeline, it
// lowers to a pipeline node and a pipeline component spec, and flattenPlan expands it for
// backends that run nodes one by one.
import { describe, expect, expectTypeOf, it } from "vitest";
import { cmd, component, dataFolder, environment, input, isSluiceDefinitionError, output, pipeline, pipelineComponent, pipelineParameter } from "@sluice/dsl";
import { compilePipeline, flattenPlan, pipelineComponentSpec, restJobBody, type ExecutionPlan, type PipelineComponentSpec } from "../src/index.ts";

const env = environment("azureml:env:1");
const train = component({
  name: "train",
  environment: env,
  inputs: { data: input.uriFolder(), lr: input.number({ default: 0.01 }), epochs: input.integer() },
  outputs: { model: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python t.py ${inputs.data} ${inputs.lr} ${inputs.epochs} ${outputs.model}`,
});
const evaluate = component({
  name: "evaluate",
  environment: env,
  inputs: { model: input.uriFolder() },
  outputs: { report: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python e.py ${inputs.model} ${outputs.report}`,
});

const trainEval = pipelineComponent(
  {
    name: "train_eval",
    inputs: { data: input.uriFolder(), lr: input.number({ default: 0.5 }), epochs: input.integer(), where: input.string() },
    outputs: { model: output.uriFolder(), report: output.uriFolder() },
  },
  ({ inputs }) => {
    const t = train({ name: "fit", compute: inputs.where, inputs: { data: inputs.data, lr: inputs.lr, epochs: inputs.epochs } });
    const e = evaluate({ name: "check", inputs: { model: t.outputs.model }, outputs: { report: { mode: "upload" } } });
    return { model: t.outputs.model, report: e.outputs.report };
  },
);

/** Two levels: the component above, used inside another one. */
const twice = pipelineComponent({ name: "twice", inputs: { data: input.uriFolder() }, outputs: { best: output.uriFolder() } }, ({ inputs }) => {
  const a = trainEval({ name: "a", inputs: { data: inputs.data, epochs: 3, where: "gpu" } });
  trainEval({ name: "b", inputs: { data: inputs.data, lr: 0.1, epochs: 5, where: "cpu" } });
  return { best: a.outputs.model };
});

function compiled(): ExecutionPlan {
  const p = pipeline({ name: "nested", defaultCompute: "cpu" }, () => {
    const outer = twice({ name: "outer", inputs: { data: dataFolder("./fixtures") } });
    const last = evaluate({ name: "final", inputs: { model: outer.outputs.best } });
    return { best: outer.outputs.best, report: last.outputs.report };
  });
  const result = compilePipeline(p.toIR());
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.model;
}

describe("a pipeline component in the plan", () => {
  const plan = compiled();

  it("is a pipeline node whose component lists its own nodes, inner components first", () => {
    expect(plan.nodes.map((n) => [n.key, n.kind])).toEqual([
      ["outer", "pipeline"],
      ["final", "command"],
    ]);
    expect(plan.pipelineComponents?.map((c) => [c.name, c.nodes.map((n) => n.key)])).toEqual([
      ["train_eval", ["fit", "check"]],
      ["twice", ["a", "b"]],
    ]);
    const inner = plan.pipelineComponents?.[0];
    // Bound to the component's input: a value in the plan, spelled as Azure's binding only on the wire.
    expect(inner?.nodes[0]?.compute).toEqual({ type: "parameter", name: "where" });
    const spec = pipelineComponentSpec(inner as PipelineComponentSpec) as { jobs: Record<string, { computeId?: unknown }> };
    expect(spec.jobs.fit?.computeId).toBe("${{parent.inputs.where}}");
    expect(inner?.nodes[0]?.outputs.model?.pipelineOutput).toBe("model");
  });

  it("is sent as a pipeline node that names its component", () => {
    const jobs = restJobBody(plan).properties.jobs as Record<string, Record<string, unknown>>;
    expect(jobs.outer).toEqual({
      _source: "BUILDER",
      componentId: expect.stringMatching(/^sluice:component:twice:/),
      inputs: { data: { job_input_type: "uri_folder", uri: expect.stringMatching(/fixtures$/) } },
      name: "outer",
      outputs: { best: { type: "literal", value: "${{parent.outputs.best}}" } },
      type: "pipeline",
    });
  });

  it("flattens into its steps, rebound to what the caller passed or the component's defaults", () => {
    const flat = flattenPlan(plan);
    expect(flat.pipelineComponents).toBeUndefined();
    expect(flat.nodes.map((n) => `${n.key} ← ${n.dependsOn.join(",")}`)).toEqual([
      "outer.a.fit ← ",
      "outer.a.check ← outer.a.fit",
      "outer.b.fit ← ",
      "outer.b.check ← outer.b.fit",
      "final ← outer.a.fit",
    ]);
    const fit = (key: string) => flat.nodes.find((n) => n.key === key)?.inputs;
    expect(fit("outer.a.fit")?.lr?.binding).toEqual({ kind: "literal", value: "0.5" });
    expect(fit("outer.b.fit")?.lr?.binding).toEqual({ kind: "literal", value: "0.1" });
    expect(fit("outer.b.fit")?.epochs?.binding).toEqual({ kind: "literal", value: "5" });
    expect(fit("outer.a.fit")?.data?.binding.kind).toBe("data");
    expect(flat.nodes.find((n) => n.key === "outer.b.check")?.step).toBe("outer/b/check");
    // The compute bound to the component's input takes what each caller passed.
    expect(flat.nodes.find((n) => n.key === "outer.b.fit")?.compute).toBe("cpu");
    expect(flat.outputs.best).toMatchObject({ node: "outer.a.fit", output: "model" });
    expect(flat.nodes.find((n) => n.key === "outer.a.fit")?.outputs.model?.pipelineOutput).toBe("best");
  });

  it("returns a plan without pipeline components as it is", () => {
    const { pipelineComponents: _, nodes, ...rest } = plan;
    const plain = { ...rest, nodes: nodes.filter((n) => n.kind !== "pipeline") };
    expect(flattenPlan(plain)).toBe(plain);
  });
});

describe("mistakes in a pipeline component", () => {
  const codes = (build: () => void) => {
    const result = compilePipeline(pipeline({ name: "p", defaultCompute: "cpu" }, build).toIR());
    return result.diagnostics.map((d) => `${d.code} [${d.path}] ${d.message}`);
  };

  it("are found inside its body, named by the path to the inner step", () => {
    const broken = pipelineComponent({ name: "broken", inputs: { data: input.uriFolder() } }, ({ inputs }) => {
      // @ts-expect-error epochs is required
      train({ name: "fit", inputs: { data: inputs.data } });
      return {};
    });
    expect(
      codes(() => {
        broken({ name: "outer", inputs: { data: dataFolder("./fixtures") } });
      }),
    ).toEqual(["SL140 [p/outer/fit] step 'fit' does not give required input 'epochs' of component 'train'"]);
  });

  it("are found at its call: a missing input, a literal of the wrong type", () => {
    expect(
      codes(() => {
        // @ts-expect-error data and epochs are required
        trainEval({ name: "te", inputs: { where: "cpu" } });
      }),
    ).toEqual([
      "SL140 [p/te] step 'te' does not give required input 'data' of component 'train_eval'",
      "SL140 [p/te] step 'te' does not give required input 'epochs' of component 'train_eval'",
    ]);
    expect(
      codes(() => {
        // @ts-expect-error epochs is a number
        trainEval({ name: "te", inputs: { data: dataFolder("./fixtures"), epochs: "3", where: "cpu" } });
      }),
    ).toEqual([`SL142 [p/te] input 'epochs' of step 'te' is integer, got string "3"`]);
  });

  it("refuses a body that reads a parameter it does not declare, or leaves an output unreturned", () => {
    const outsider = pipelineParameter("outside", 1);
    const read = () =>
      pipelineComponent({ name: "leaky", inputs: { data: input.uriFolder() } }, ({ inputs }) => {
        train({ name: "fit", inputs: { data: inputs.data, epochs: outsider } });
        return {};
      });
    expect(read).toThrow(/pipeline component 'leaky' reads 'outside', which is not one of its inputs/);
    const missing = () =>
      // @ts-expect-error the body must return every declared output
      pipelineComponent({ name: "short", outputs: { model: output.uriFolder() } }, () => ({}));
    expect(missing).toThrow(/does not return output 'model' as data a step writes/);
    try {
      missing();
    } catch (error) {
      expect(isSluiceDefinitionError(error)).toBe(true);
    }
  });

  it("types its step: no per-machine run settings, compute may be a string parameter", () => {
    type Options = Parameters<typeof trainEval>[0];
    expectTypeOf<Options>().not.toHaveProperty("resources");
    expectTypeOf<NonNullable<Options["compute"]>>().toExtend<string | object>();
    expect(
      codes(() => {
        trainEval({ name: "te", compute: pipelineParameter("c", "gpu"), inputs: { data: dataFolder("./fixtures"), epochs: 1, where: "x" } });
      }),
    ).toEqual([]);
  });
});
