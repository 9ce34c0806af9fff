// azureml-examples basics/4a_local_data_input: a local folder given to the step.
import { cmd, component, dataFolder, environment, input, output, pipeline, pipelineParameter } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/4a_local_data_input";

const helloPythonWorld = component({
  name: "hello_python_world",
  displayName: "Hello_Python_World",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: environment({ image: "python" }),
  inputs: { sample_input_data: input.uriFolder(), sample_input_string: input.string({ default: "hello_python_world" }) },
  outputs: { sample_output_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python hello.py --input_data ${inputs.sample_input_data} --input_string ${inputs.sample_input_string} --output_data ${outputs.sample_output_data}`,
});

export default pipeline({ name: "4a_local_data_input", description: "Example of using data in a local folder as pipeline input" }, () => {
  const hello = helloPythonWorld({
    name: "hello_python_world_job",
    compute: "cpu-cluster",
    inputs: { sample_input_data: dataFolder(`${EXAMPLE}/data`), sample_input_string: pipelineParameter("pipeline_sample_input_string", "Hello_Pipeline_World") },
    outputs: { sample_output_data: { mode: "upload" } },
  });
  return { pipeline_sample_output_data: hello.outputs.sample_output_data };
});
