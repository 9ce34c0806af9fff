// azureml-examples basics/5c_env_conda_file: an image plus a conda file as the environment.
import { cmd, component, environment, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/5c_env_conda_file";

const helloPythonWorld = component({
  name: "hello_python_world",
  displayName: "Hello_Python_World",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: environment({ image: "mcr.microsoft.com/azureml/openmpi5.0-cuda12.4-ubuntu22.04:latest", condaFile: `${EXAMPLE}/conda.yaml` }),
  command: () => cmd`python hello.py`,
});

export default pipeline({ name: "5c_env_conda_file", description: "Pipeline job with component using environment defined by a conda file" }, () => {
  helloPythonWorld({ name: "hello_python_world_job", compute: "cpu-cluster" });
});
