// azureml-examples cli/jobs/single-step/pytorch/iris/job.yml, written in Sluice from its meaning:
// one command job training on the Iris CSV from the web, its epochs and rate as literals.
import { cmd, commandJob, dataFile, environment } from "@sluice/dsl";

export default commandJob({
  name: "pytorch-iris-example",
  experiment: "pytorch-iris-example",
  description: "Train a neural network with PyTorch on the Iris dataset.",
  compute: "cpu-cluster",
  code: "../../../.shared/corpus/azureml-examples/cli/jobs/single-step/pytorch/iris/src",
  environment: environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest"),
  inputs: { iris_csv: dataFile("https://azuremlexamples.blob.core.windows.net/datasets/iris.csv"), epochs: 10, lr: 0.1 },
  command: ({ inputs }) => cmd`pip install -r requirements.txt && python main.py --iris-csv ${inputs.iris_csv} --epochs ${inputs.epochs} --lr ${inputs.lr}`,
});
