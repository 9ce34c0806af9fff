// azureml-examples cli/jobs/basics/hello-pipeline-customize-output-file.yml, written in Sluice: a
// command on the node writing one file to a datastore path of the pipeline's output.
import { cmd, commandStep, environment, output, pipeline } from "@sluice/dsl";

export default pipeline({ name: "hello_pipeline_customize_output_file" }, () => {
  const hello = commandStep({
    name: "hello_world",
    compute: "cpu-cluster",
    environment: environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest"),
    outputs: { output: output.uriFile() },
    outputSettings: { output: { mode: "rw_mount", path: "azureml://datastores/workspaceblobstore/paths/${{name}}/hello_world.txt" } },
    command: ({ outputs }) => cmd`echo "hello" && echo "world" > ${outputs.output}`,
  });
  return { output: hello.outputs.output };
});
