// Outputs registered as data assets with what users get wrong: a name Azure refuses, a version
// with a space, and a model output given a name (models are registered with registerModelStep).
import { cmd, component, environment, output, pipeline } from "@sluice/dsl";

const train = component({
  name: "train",
  environment: environment("azureml:env:1"),
  outputs: { data: output.uriFolder(), model: output.mlflowModel() },
  command: ({ outputs }) => cmd`python train.py --data ${outputs.data} --model ${outputs.model}`,
});

export default pipeline({ name: "registered_outputs", defaultCompute: "cpu-cluster" }, () => {
  train({ name: "train", outputs: { data: { name: "-cleaned", version: "v 1" }, model: { name: "my-model" } } });
  return {};
});
