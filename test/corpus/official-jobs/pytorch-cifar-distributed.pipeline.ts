// azureml-examples cli/jobs/single-step/pytorch/cifar-distributed/job.yml, written in Sluice:
// a distributed command job (PyTorch, 2 nodes) reading a registered data asset.
import { cmd, commandJob, dataFolder, environment } from "@sluice/dsl";

export default commandJob({
  name: "pytorch-cifar-distributed-example",
  experiment: "pytorch-cifar-distributed-example",
  description: "Train a basic convolutional neural network (CNN) with PyTorch on the CIFAR-10 dataset, distributed via PyTorch.",
  compute: "gpu-cluster",
  code: "../../../.shared/corpus/azureml-examples/cli/jobs/single-step/pytorch/cifar-distributed/src",
  environment: environment("azureml:AzureML-acpt-pytorch-2.8-cuda12.6@latest"),
  inputs: { epochs: 1, learning_rate: 0.2, cifar: dataFolder("azureml:cifar-10-example@latest") },
  command: ({ inputs }) =>
    cmd`python train.py --epochs ${inputs.epochs} --learning-rate ${inputs.learning_rate} --data-dir ${inputs.cifar}`,
  distribution: { type: "pytorch", processCountPerInstance: 1 },
  resources: { instanceCount: 2 },
});
