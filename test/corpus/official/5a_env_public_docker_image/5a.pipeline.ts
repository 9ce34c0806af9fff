// azureml-examples basics/5a_env_public_docker_image: a public docker image as the environment.
import { cmd, component, environment, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/5a_env_public_docker_image";

const helloPythonWorld = component({
  name: "hello_python_world",
  displayName: "Hello_Python_World",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: environment({ image: "docker.io/python" }),
  command: () => cmd`python hello.py`,
});

export default pipeline({ name: "5a_env_public_docker_image", description: "Pipeline job with component using public docker image as environment" }, () => {
  helloPythonWorld({ name: "hello_python_world_job", compute: "cpu-cluster" });
});
