// azureml-examples basics/2a_basic_component, written in Sluice from its YAML.
import { cmd, component, environment, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/2a_basic_component";

const helloPythonWorld = component({
  name: "hello_python_world",
  displayName: "Hello_Python_World",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: environment({ image: "python" }),
  command: () => cmd`python hello.py`,
});

export default pipeline({ name: "2a_basic_component", description: "Hello World component example" }, () => {
  helloPythonWorld({ name: "hello_python_world_job", compute: "cpu-cluster" });
});
