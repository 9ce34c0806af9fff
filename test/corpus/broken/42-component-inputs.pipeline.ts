import { cmd, component, environment, input, output, pipeline, pipelineParameter } from "@sluice/dsl";

// Component runs with a required input left out, a literal out of its range, a value outside
// its enum, an integer input given a fraction, and a parameter where data is needed.
const train = component({
  name: "train",
  code: "../src",
  environment: environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1"),
  inputs: {
    data: input.uriFolder(),
    epochs: input.integer({ min: 1, max: 100 }),
    rate: input.number({ default: 0.1 }),
    schedule: input.string({ default: "time", enum: ["time", "step"] }),
  },
  outputs: { model: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python prep.py --data ${inputs.data} --epochs ${inputs.epochs} --schedule ${inputs.schedule} --out ${outputs.model}`,
});

export default pipeline({ name: "components", defaultCompute: "cpu-cluster" }, () => {
  train({ name: "too_many", inputs: { epochs: 1000, schedule: "steps" } as never });
  train({ name: "fraction", inputs: { epochs: 2.5, data: pipelineParameter("where", "x") as never } as never });
});
