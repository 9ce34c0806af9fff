// azureml-examples cli/jobs/pipelines-with-components/basics/2b_component_with_input_output,
// written in Sluice from its pipeline.yml and component.yml (code and data stay in ../shared).
import { cmd, component, dataFolder, environment, input, output, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/2b_component_with_input_output";

const helloPythonWorld = component({
  name: "hello_python_world",
  displayName: "Hello_Python_World",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: environment({ image: "python" }),
  inputs: {
    sample_input_data: input.uriFolder(),
    sample_input_string: input.string({ default: "hello_python_world_default" }),
  },
  outputs: { sample_output_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python hello.py --input_data ${inputs.sample_input_data} --input_string ${inputs.sample_input_string} --output_data ${outputs.sample_output_data}`,
});

export default pipeline({ name: "2b_component_with_input_output", description: "Component with inputs and outputs" }, () => {
  const hello = helloPythonWorld({
    name: "hello_python_world_job",
    compute: "cpu-cluster",
    inputs: { sample_input_data: dataFolder(`${EXAMPLE}/data`) },
    outputs: { sample_output_data: { mode: "upload" } },
  });
  return { pipeline_sample_output_data: hello.outputs.sample_output_data };
});
