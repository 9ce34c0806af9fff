// azureml-examples cli/jobs/pipelines/automl/cli-automl-text-ner-conll-pipeline, written in
// Sluice: a preprocessing component writes two MLTable folders, an AutoML NER node trains on them
// (its best model declared at the node, as the example does), a component registers it.
import { autoMLStep, loadComponent, localFiles, pipeline } from "@sluice/dsl";

const preprocessing = loadComponent("../../../.shared/corpus/azureml-examples/cli/jobs/pipelines/automl/cli-automl-text-ner-conll-pipeline/components/component_preprocessing.yaml");
const registerModel = loadComponent("../../../.shared/corpus/azureml-examples/cli/jobs/pipelines/automl/cli-automl-text-ner-conll-pipeline/components/component_register_model.yaml");

export default pipeline(
  {
    name: "text-ner-pipeline",
    displayName: "pipeline-with-text-ner",
    description: "Pipeline using AutoML Text Ner task",
    experiment: "pipeline-with-automl",
    defaultCompute: "gpu-cluster",
  },
  () => {
    const prep = preprocessing({
      name: "preprocessing_node",
      inputs: {
        train_data: localFiles("text_ner_training_data", "../../../.shared/corpus/azureml-examples/cli/jobs/pipelines/automl/cli-automl-text-ner-conll-pipeline/training-mltable-folder", { type: "mltable" }),
        validation_data: localFiles("text_ner_validation_data", "../../../.shared/corpus/azureml-examples/cli/jobs/pipelines/automl/cli-automl-text-ner-conll-pipeline/validation-mltable-folder", { type: "mltable" }),
      },
      outputs: { preprocessed_train_data: {}, preprocessed_validation_data: {} },
    });
    const ner = autoMLStep({
      name: "text_ner_node",
      task: "text_ner",
      logVerbosity: "info",
      primaryMetric: "accuracy",
      limits: { maxTrials: 1, timeoutMinutes: 60 },
      labelColumn: "label",
      trainingData: prep.outputs.preprocessed_train_data,
      validationData: prep.outputs.preprocessed_validation_data,
      outputs: { bestModel: {} },
    });
    registerModel({ name: "register_model_node", inputs: { model_input_path: ner.outputs.bestModel, model_base_name: "paper_categorization_model" } });
    return {};
  },
);
