// A component's inputs and outputs are typed where the component is used: a misspelled input, a
// missing required one, a value of the wrong type or a misspelled placeholder in the command is
// a TypeScript error (`tsc` fails if an `@ts-expect-error` below stops being an error).
import { describe, expectTypeOf, it } from "vitest";
import {
  cmd,
  commandStep,
  component,
  dataFile,
  dataFolder,
  environment,
  input,
  output,
  pipeline,
  pipelineParameter,
  type FileData,
  type ModelData,
  type TabularData,
} from "@sluice/dsl";

const env = environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");

const train = component({
  name: "train",
  environment: env,
  inputs: {
    data: input.uriFolder(),
    epochs: input.integer({ min: 1 }),
    rate: input.number({ default: 0.1 }),
    note: input.string({ optional: true }),
  },
  outputs: { model: output.mlflowModel(), table: output.mltable(), folder: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python train.py --data ${inputs.data} --epochs ${inputs.epochs} --model ${outputs.model}`,
});

/** Never called: only type-checked. */
function mistakes(): void {
  component({
    name: "typo",
    environment: env,
    inputs: { data: input.uriFolder() },
    // @ts-expect-error -- the command names an input the component does not declare
    command: ({ inputs }) => cmd`python x.py ${inputs.dta}`,
  });
  pipeline({ name: "mistakes" }, () => {
    // @ts-expect-error -- 'epochs' is required (no default, not optional)
    train({ name: "a", inputs: { data: dataFolder("./d") } });
    // @ts-expect-error -- misspelled input name
    train({ name: "b", inputs: { data: dataFolder("./d"), epochs: 3, epoch: 3 } });
    // @ts-expect-error -- a string where an integer is needed
    train({ name: "c", inputs: { data: dataFolder("./d"), epochs: "3" } });
    // @ts-expect-error -- a table where a folder is needed
    train({ name: "d", inputs: { data: dataFolder("./d"), epochs: 3, note: dataFile("./f") } });
    // @ts-expect-error -- a string parameter where a number is needed
    train({ name: "e", inputs: { data: dataFolder("./d"), epochs: pipelineParameter("n", "3") } });
    // @ts-expect-error -- an output the component does not have
    train({ name: "f", inputs: { data: dataFolder("./d"), epochs: 3 }, outputs: { modle: { mode: "upload" } } });
  });
}

describe("component wiring types", () => {
  it("types each output by its component type", () => {
    pipeline({ name: "types" }, () => {
      const t = train({ name: "t", inputs: { data: dataFolder("./d"), epochs: pipelineParameter("n", 3) } });
      expectTypeOf(t.outputs.model).toEqualTypeOf<ModelData>();
      expectTypeOf(t.outputs.table).toEqualTypeOf<TabularData>();
      expectTypeOf(t.outputs.folder).toEqualTypeOf<FileData>();
      train({ name: "u", inputs: { data: t.outputs.folder, epochs: 2, note: "n", rate: 0.5 } });
    });
    expectTypeOf(mistakes).toBeFunction();
  });
});

/** Never called: only type-checked. */
function commandStepMistakes(): void {
  pipeline({ name: "mistakes" }, () => {
    commandStep({
      name: "a",
      inputs: { top: 10 },
      outputs: { html: output.uriFolder() },
      // @ts-expect-error -- the command names an input the step does not give
      command: ({ inputs, outputs }) => cmd`python r.py --top ${inputs.tp} --out ${outputs.html}`,
    });
    const step = commandStep({ name: "b", outputs: { html: output.uriFolder() }, command: ({ outputs }) => cmd`python r.py --out ${outputs.html}` });
    // @ts-expect-error -- an output the step does not declare
    expectTypeOf(step.outputs.htm).toBeNever();
  });
}

describe("commandStep wiring types", () => {
  it("types outputs from their declarations", () => {
    pipeline({ name: "types" }, () => {
      const s = commandStep({
        name: "s",
        inputs: { n: 1 },
        outputs: { m: output.mlflowModel() },
        command: ({ inputs, outputs }) => cmd`x ${inputs.n} ${outputs.m}`,
      });
      expectTypeOf(s.outputs.m).toEqualTypeOf<ModelData>();
    });
    expectTypeOf(commandStepMistakes).toBeFunction();
  });
});
