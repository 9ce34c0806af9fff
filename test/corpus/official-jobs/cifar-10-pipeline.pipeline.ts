// azureml-examples cli/jobs/pipelines/cifar-10/pipeline.yml, written in Sluice: three commands
// written on the nodes (no component files), data passed between them, two of them distributed.
import { cmd, commandStep, environment, output, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../.shared/corpus/azureml-examples/cli/jobs/pipelines/cifar-10";
const sklearn = environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");
const pytorch = environment("azureml://registries/azureml/environments/acpt-pytorch-2.8-cuda12.6/labels/latest");
const distributed = { distribution: { type: "pytorch", processCountPerInstance: 1 }, resources: { instanceCount: 2 } } as const;

export default pipeline(
  { name: "cifar-10-pipeline-example", experiment: "cifar-10-pipeline-example", description: "Pipeline using distributed job to train model based on cifar-10 dataset" },
  () => {
    const getData = commandStep({
      name: "get_data",
      compute: "gpu-cluster",
      environment: sklearn,
      outputs: { cifar: output.uriFolder() },
      outputSettings: { cifar: { mode: "upload" } },
      command: ({ outputs }) =>
        cmd`wget https://azuremlexamples.blob.core.windows.net/datasets/cifar-10-python.tar.gz; tar -xvzf cifar-10-python.tar.gz -C ${outputs.cifar}; rm cifar-10-python.tar.gz;`,
    });
    const train = commandStep({
      name: "train_model",
      compute: "gpu-cluster",
      code: `${EXAMPLE}/src/train-model`,
      environment: pytorch,
      inputs: { epochs: 1, cifar: getData.outputs.cifar },
      outputs: { model_dir: output.uriFolder() },
      outputSettings: { model_dir: { mode: "upload" } },
      command: ({ inputs, outputs }) => cmd`python main.py --data-dir ${inputs.cifar} --epochs ${inputs.epochs} --model-dir ${outputs.model_dir}`,
      ...distributed,
    });
    commandStep({
      name: "eval_model",
      compute: "gpu-cluster",
      code: `${EXAMPLE}/src/eval-model`,
      environment: pytorch,
      inputs: { cifar: getData.outputs.cifar, model_dir: train.outputs.model_dir },
      command: ({ inputs }) => cmd`python main.py --data-dir ${inputs.cifar} --model-dir ${inputs.model_dir}/model`,
      ...distributed,
    });
    return {};
  },
);
