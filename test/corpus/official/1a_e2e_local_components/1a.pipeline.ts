// azureml-examples basics/1a_e2e_local_components: train → score → eval, with a registry environment.
import { cmd, component, dataFolder, environment, input, output, pipeline, pipelineParameter } from "@sluice/dsl";

const EXAMPLE = "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/1a_e2e_local_components";
const sklearn = environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");

const train = component({
  name: "train",
  displayName: "Train",
  version: "10",
  code: `${EXAMPLE}/train_src`,
  environment: sklearn,
  inputs: {
    training_data: input.uriFolder(),
    max_epocs: input.integer(),
    learning_rate: input.number({ default: 0.01 }),
    learning_rate_schedule: input.string({ default: "time-based" }),
  },
  outputs: { model_output: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python train.py --training_data ${inputs.training_data} --max_epocs ${inputs.max_epocs} --learning_rate ${inputs.learning_rate} --learning_rate_schedule ${inputs.learning_rate_schedule} --model_output ${outputs.model_output}`,
});

const score = component({
  name: "score",
  displayName: "Score",
  version: "10",
  code: `${EXAMPLE}/score_src`,
  environment: sklearn,
  inputs: { model_input: input.uriFolder(), test_data: input.uriFolder() },
  outputs: { score_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python score.py --model_input ${inputs.model_input} --test_data ${inputs.test_data} --score_output ${outputs.score_output}`,
});

const evaluate = component({
  name: "eval",
  displayName: "Eval",
  version: "10",
  code: `${EXAMPLE}/eval_src`,
  environment: sklearn,
  inputs: { scoring_result: input.uriFolder() },
  outputs: { eval_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python eval.py --scoring_result ${inputs.scoring_result} --eval_output ${outputs.eval_output}`,
});

export default pipeline({ name: "1a_e2e_local_components", description: "Dummy train-score-eval pipeline with local components" }, () => {
  const data = dataFolder(`${EXAMPLE}/data`);
  const trained = train({
    name: "train_job",
    compute: "cpu-cluster",
    inputs: {
      training_data: data,
      max_epocs: pipelineParameter("pipeline_job_training_max_epocs", 20),
      learning_rate: pipelineParameter("pipeline_job_training_learning_rate", 1.8),
      learning_rate_schedule: pipelineParameter("pipeline_job_learning_rate_schedule", "time-based"),
    },
    outputs: { model_output: { mode: "upload" } },
  });
  const scored = score({
    name: "score_job",
    compute: "cpu-cluster",
    inputs: { model_input: trained.outputs.model_output, test_data: data },
    outputs: { score_output: { mode: "upload" } },
  });
  const evaluated = evaluate({
    name: "evaluate_job",
    compute: "cpu-cluster",
    inputs: { scoring_result: scored.outputs.score_output },
    outputs: { eval_output: { mode: "upload" } },
  });
  return { pipeline_job_trained_model: trained.outputs.model_output, pipeline_job_evaluation_report: evaluated.outputs.eval_output };
});
