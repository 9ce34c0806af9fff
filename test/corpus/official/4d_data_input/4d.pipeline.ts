// azureml-examples basics/4d_data_input: a registered data asset (its newest version) read by two steps.
import { cmd, component, dataFolder, environment, input, output, pipeline, pipelineParameter } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/4d_data_input";

const python = environment({ image: "python" });

const pythonHello = component({
  name: "python_hello",
  displayName: "Python_hello",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: python,
  inputs: { sample_input_data: input.uriFolder(), sample_input_string: input.string({ default: "python_hello" }) },
  outputs: { sample_output_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python hello.py --input_data ${inputs.sample_input_data} --input_string ${inputs.sample_input_string} --output_data ${outputs.sample_output_data}`,
});

const pythonWorld = component({
  name: "python_world",
  displayName: "Python_World",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: python,
  inputs: { sample_input_data: input.mltable(), sample_input_string: input.string({ default: "python_world" }) },
  outputs: { sample_output_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python hello.py --input_data ${inputs.sample_input_data} --input_string ${inputs.sample_input_string} --output_data ${outputs.sample_output_data}`,
});

export default pipeline({ name: "4d_data_input", description: "Example of using data from a data as pipeline input" }, () => {
  const asset = dataFolder("azureml:local-folder-example@latest", { mode: "ro_mount" });
  pythonHello({
    name: "python_hello_step",
    compute: "cpu-cluster",
    inputs: { sample_input_data: asset, sample_input_string: pipelineParameter("pipeline_hello_input_string", "Pipeline_Hello") },
  });
  pythonWorld({
    name: "python_world_step",
    compute: "cpu-cluster",
    inputs: { sample_input_data: asset, sample_input_string: pipelineParameter("pipeline_world_input_string", "Pipeline_World") },
  });
});
