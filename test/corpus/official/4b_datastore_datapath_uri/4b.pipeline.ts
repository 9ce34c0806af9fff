// azureml-examples basics/4b_datastore_datapath_uri: datastore URIs in, a datastore path out.
import { cmd, component, dataFile, dataFolder, environment, input, output, pipeline, pipelineParameter } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/4b_datastore_datapath_uri";
const DATASTORE = "azureml://datastores/workspaceblobstore/paths/azureml";
const python = environment({ image: "python" });

const componentFolder = component({
  name: "component_folder",
  displayName: "component_folder",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: python,
  inputs: { sample_input_data: input.mltable(), sample_input_string: input.string({ default: "component_folder" }) },
  outputs: { sample_output_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python component-folder.py --input_data ${inputs.sample_input_data} --input_string ${inputs.sample_input_string} --output_data ${outputs.sample_output_data}`,
});

const componentFile = component({
  name: "component_file",
  displayName: "component_file",
  version: "1",
  code: `${EXAMPLE}/src`,
  environment: python,
  inputs: { sample_input_data_file: input.uriFolder(), placeholder: input.uriFolder() },
  outputs: { sample_output_data: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python component-file.py --input_data ${inputs.sample_input_data_file} --placeholder ${inputs.placeholder} --output_data ${outputs.sample_output_data}`,
});

export default pipeline(
  { name: "4b_datastore_datapath_uri", description: "Example of using data folder from a Workspace Datastore as pipeline input", defaultCompute: "cpu-cluster" },
  () => {
    const folder = componentFolder({
      name: "component_folder",
      inputs: {
        sample_input_data: dataFolder(DATASTORE, { mode: "ro_mount" }),
        sample_input_string: pipelineParameter("pipeline_sample_input_string", "Hello_Pipeline_World"),
      },
      outputs: { sample_output_data: { path: `${DATASTORE}/4b_datastore_datapath_uri` } },
    });
    componentFile({
      name: "component_file",
      inputs: {
        sample_input_data_file: dataFile(`${DATASTORE}/4b_datastore_datapath_uri/hello-world.txt`, { mode: "download" }),
        placeholder: folder.outputs.sample_output_data,
      },
    });
    return { pipeline_sample_output_data: folder.outputs.sample_output_data };
  },
);
