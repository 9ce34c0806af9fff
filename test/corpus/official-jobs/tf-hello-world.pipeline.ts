// azureml-examples cli/jobs/pipelines-with-components/basics/6a_tf_hello_world, written in Sluice:
// a component that asks for two machines and TensorFlow distribution itself, run on a GPU cluster.
import { cmd, component, environment, pipeline } from "@sluice/dsl";

const tfHelloWorld = component({
  name: "tf_hello_world",
  displayName: "TF-hello-world",
  version: "1",
  description: "Prints the environment variable ($TF_CONFIG) useful for scripts running in a Tensorflow training environment",
  environment: environment("azureml://registries/azureml/environments/tensorflow-2.16-cuda12/labels/latest"),
  command: () => cmd`echo $TF_CONFIG`,
  resources: { instanceCount: 2 },
  distribution: { type: "tensorflow", workerCount: 2 },
});

export default pipeline(
  { name: "6a_tf_hello_world", description: "Prints the environment variable ($TF_CONFIG) useful for scripts running in a Tensorflow training environment" },
  () => {
    tfHelloWorld({ name: "tf_job", compute: "gpu-cluster", resources: { instanceCount: 2 }, distribution: { type: "tensorflow", workerCount: 2 } });
    return {};
  },
);
