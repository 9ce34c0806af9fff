// The walkthrough's single training run as Azure submits it: a standalone Command job (REST
// `jobType: Command`, CLI `type: command`), the sweep's trial code trained once with its defaults.
import { cmd, commandJob, output } from "@sluice/dsl";
import { iris, sklearn } from "./train-component.ts";

export default commandJob({
  name: "lightgbm-iris-example",
  experiment: "lightgbm-iris-example",
  description: "Train a gradient-boosting model on the Iris dataset once.",
  compute: "cpu-cluster",
  code: "./src",
  environment: sklearn,
  inputs: { iris_csv: iris, learning_rate: 0.1, boosting: "gbdt", n_estimators: 60 },
  outputs: { model: output.mlflowModel() },
  command: ({ inputs, outputs }) =>
    cmd`python train.py --iris-csv ${inputs.iris_csv} --learning-rate ${inputs.learning_rate} --boosting ${inputs.boosting} --n-estimators ${inputs.n_estimators} --model ${outputs.model}`,
});
