// azureml-examples basics/3b_pipeline_with_data: three components chained by their outputs.
import { cmd, component, dataFolder, environment, input, output, pipeline } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/3b_pipeline_with_data";
const python = environment({ image: "python" });

const componentA = component({
  name: "component_a",
  displayName: "componentA",
  version: "1",
  code: `${EXAMPLE}/componentA_src`,
  environment: python,
  inputs: { component_a_input: input.uriFolder() },
  outputs: { component_a_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python hello.py --componentA_input ${inputs.component_a_input} --componentA_output ${outputs.component_a_output}`,
});

const componentB = component({
  name: "component_b",
  displayName: "componentB",
  version: "1",
  code: `${EXAMPLE}/componentB_src`,
  environment: python,
  inputs: { component_b_input: input.uriFolder() },
  outputs: { component_b_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python hello.py --componentB_input ${inputs.component_b_input} --componentB_output ${outputs.component_b_output}`,
});

const componentC = component({
  name: "component_c",
  displayName: "componentC",
  version: "1",
  code: `${EXAMPLE}/componentC_src`,
  environment: python,
  inputs: { component_c_input: input.uriFolder() },
  outputs: { component_c_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python hello.py --componentC_input ${inputs.component_c_input} --componentC_output ${outputs.component_c_output}`,
});

export default pipeline(
  { name: "3b_pipeline_with_data", description: "Pipeline with 3 component jobs with data dependencies", defaultCompute: "cpu-cluster" },
  () => {
    const a = componentA({
      name: "component_a",
      inputs: { component_a_input: dataFolder(`${EXAMPLE}/data`) },
      outputs: { component_a_output: { mode: "rw_mount" } },
    });
    const b = componentB({
      name: "component_b",
      inputs: { component_b_input: a.outputs.component_a_output },
      outputs: { component_b_output: { mode: "rw_mount" } },
    });
    const c = componentC({
      name: "component_c",
      inputs: { component_c_input: b.outputs.component_b_output },
      outputs: { component_c_output: { mode: "rw_mount" } },
    });
    return { final_pipeline_output: c.outputs.component_c_output };
  },
);
