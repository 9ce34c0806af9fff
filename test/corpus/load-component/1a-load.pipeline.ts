// azureml-examples basics/1a_e2e_local_components with its component YAML files loaded as they are.
import { dataFolder, loadComponent, pipeline, pipelineParameter } from "@sluice/dsl";

const train = loadComponent("../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/1a_e2e_local_components/train.yml");
const score = loadComponent("../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/1a_e2e_local_components/score.yml");
const evaluate = loadComponent("../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/1a_e2e_local_components/eval.yml");

export default pipeline({ name: "1a_e2e_local_components", description: "Dummy train-score-eval pipeline with local components" }, () => {
  const data = dataFolder("../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/basics/1a_e2e_local_components/data");
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
