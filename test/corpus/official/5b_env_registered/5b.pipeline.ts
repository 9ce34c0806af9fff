// azureml-examples basics/5b_env_registered: an environment from the azureml registry.
import { cmd, component, environment, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/5b_env_registered";

const helloPythonWorld = component({
  name: "hello_python_world",
  displayName: "Hello_Python_World",
  version: "3",
  code: `${EXAMPLE}/src`,
  environment: environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest"),
  command: () => cmd`python hello.py`,
});

export default pipeline({ name: "5b_env_registered", description: "Pipeline job with component using a registered AzureML environment" }, () => {
  helloPythonWorld({ name: "hello_python_world_job", compute: "cpu-cluster" });
});
