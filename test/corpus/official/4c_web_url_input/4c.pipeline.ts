// azureml-examples basics/4c_web_url_input: a web file given to the step.
import { cmd, component, dataFile, environment, input, output, pipeline, pipelineParameter } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/4c_web_url_input";

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

export default pipeline({ name: "4c_web_url_input", description: "Example of using a file hosted at a web URL as pipeline input" }, () => {
  const hello = helloPythonWorld({
    name: "hello_python_world_job",
    compute: "cpu-cluster",
    inputs: { sample_input_data: dataFile("https://dprepdata.blob.core.windows.net/demo/Titanic.csv"), sample_input_string: pipelineParameter("pipeline_sample_input_string", "Hello_Pipeline_World") },
  });
  return { pipeline_sample_output_data: hello.outputs.sample_output_data };
});
