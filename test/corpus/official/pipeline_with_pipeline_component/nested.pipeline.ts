// azureml-examples pipeline_with_pipeline_component: one train → score → eval pipeline component, used twice, then compared.
import { cmd, component, environment, input, localFiles, output, pipeline, pipelineComponent, pipelineParameter } from "@sluice/dsl";

const EXAMPLE =
  "../../../../.shared/corpus/azureml-examples/cli/jobs/pipelines-with-components/pipeline_with_pipeline_component/pipeline_with_train_eval_pipeline_component";
const sklearn = environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");

const train = component({
  name: "train_model",
  displayName: "Train Model",
  description: "A dummy training component",
  code: `${EXAMPLE}/components/train`,
  environment: sklearn,
  inputs: {
    training_data: input.uriFolder(),
    max_epochs: input.integer(),
    learning_rate: input.number({ default: 0.01 }),
    learning_rate_schedule: input.string({ default: "time-based" }),
  },
  outputs: { model_output: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python train.py --training_data ${inputs.training_data} --max_epochs ${inputs.max_epochs} --learning_rate ${inputs.learning_rate} --learning_rate_schedule ${inputs.learning_rate_schedule} --model_output ${outputs.model_output}`,
});

const score = component({
  name: "score_data",
  displayName: "Score Data",
  description: "A dummy scoring component",
  code: `${EXAMPLE}/components/score`,
  environment: sklearn,
  inputs: { model_input: input.uriFolder(), test_data: input.uriFolder() },
  outputs: { score_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python score.py --model_input ${inputs.model_input} --test_data ${inputs.test_data} --score_output ${outputs.score_output}`,
});

const evaluate = component({
  name: "eval_model",
  displayName: "Eval Model",
  description: "A dummy evaluate component",
  code: `${EXAMPLE}/components/eval`,
  environment: sklearn,
  inputs: { scoring_result: input.uriFolder() },
  outputs: { eval_output: output.uriFolder() },
  command: ({ inputs, outputs }) => cmd`python eval.py --scoring_result ${inputs.scoring_result} --eval_output ${outputs.eval_output}`,
});

const compare = component({
  name: "compare_2_models",
  displayName: "Compare 2 Models",
  description: "A dummy comparison module takes two models as input and outputs the better one",
  code: `${EXAMPLE}/components/compare2`,
  environment: sklearn,
  inputs: { model1: input.uriFolder(), eval_result1: input.uriFolder(), model2: input.uriFolder(), eval_result2: input.uriFolder() },
  outputs: { best_model: output.uriFolder(), best_result: output.uriFolder() },
  command: ({ inputs, outputs }) =>
    cmd`python compare2.py --model1 ${inputs.model1} --eval_result1 ${inputs.eval_result1} --model2 ${inputs.model2} --eval_result2 ${inputs.eval_result2} --best_model ${outputs.best_model} --best_result ${outputs.best_result}`,
});

const trainAndEvaluate = pipelineComponent(
  {
    name: "train_pipeline_component",
    displayName: "train_pipeline_component",
    description: "Dummy train-score-eval pipeline component with local components",
    inputs: {
      training_data: input.uriFolder(),
      test_data: input.uriFolder(),
      training_max_epochs: input.integer(),
      training_learning_rate: input.number(),
      learning_rate_schedule: input.string({ default: "time-based" }),
      train_node_compute: input.string(),
    },
    outputs: { trained_model: output.uriFolder(), evaluation_report: output.uriFolder() },
  },
  ({ inputs }) => {
    const trained = train({
      name: "train_job",
      compute: inputs.train_node_compute,
      inputs: {
        training_data: inputs.training_data,
        max_epochs: inputs.training_max_epochs,
        learning_rate: inputs.training_learning_rate,
        learning_rate_schedule: inputs.learning_rate_schedule,
      },
    });
    const scored = score({
      name: "score_job",
      inputs: { model_input: trained.outputs.model_output, test_data: inputs.test_data },
      outputs: { score_output: { mode: "upload" } },
    });
    const evaluated = evaluate({ name: "evaluate_job", inputs: { scoring_result: scored.outputs.score_output } });
    return { trained_model: trained.outputs.model_output, evaluation_report: evaluated.outputs.eval_output };
  },
);

export default pipeline(
  {
    name: "pipeline_with_pipeline_component",
    experiment: "pipeline_with_pipeline_component",
    description: "Select best model trained with different learning rate",
    defaultCompute: "cpu-cluster",
    defaultDatastore: "workspaceblobstore",
    continueOnStepFailure: false,
  },
  () => {
    const trainingData = localFiles("pipeline_job_training_data", `${EXAMPLE}/data`, { type: "uri_folder" });
    const testData = localFiles("pipeline_job_test_data", `${EXAMPLE}/data`, { type: "uri_folder" });
    const trainCompute = pipelineParameter("compute_train_node", "cpu-cluster");
    const models = [pipelineParameter("pipeline_job_training_learning_rate1", 0.1), pipelineParameter("pipeline_job_training_learning_rate2", 0.01)].map(
      (rate, i) =>
        trainAndEvaluate({
          name: `train_and_evaluate_model${i + 1}`,
          inputs: { training_data: trainingData, test_data: testData, training_max_epochs: 20, training_learning_rate: rate, train_node_compute: trainCompute },
        }),
    );
    const [first, second] = models as [(typeof models)[number], (typeof models)[number]];
    const best = compare({
      name: "compare",
      compute: pipelineParameter("compute_compare_node", "cpu-cluster"),
      inputs: {
        model1: first.outputs.trained_model,
        eval_result1: first.outputs.evaluation_report,
        model2: second.outputs.trained_model,
        eval_result2: second.outputs.evaluation_report,
      },
      outputs: { best_model: { mode: "upload" }, best_result: { mode: "upload" } },
    });
    return { pipeline_job_best_model: best.outputs.best_model, pipeline_job_best_result: best.outputs.best_result };
  },
);
