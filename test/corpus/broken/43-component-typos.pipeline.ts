import { cmd, component, environment, input, output, pipeline } from "@sluice/dsl";

// Misspelled input and output names of a component step, caught with a suggestion.
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
  train({ name: "typo", inputs: { data: "x" as never, epochs: 3, rates: 0.2 } as never, outputs: { modle: { mode: "upload" } } as never });
});
