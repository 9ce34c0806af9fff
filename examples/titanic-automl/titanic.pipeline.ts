// The Azure ML walkthrough "Use automated ML in an Azure Machine Learning pipeline in Python":
// dataprep (PythonScriptStep) -> AutoML classification on Survived (AUC_weighted) -> register,
// extended with what nightly retraining needs: a held-out split, and a deploy step that puts the
// new model on the endpoint only when it beats the serving one on the held-out passengers.
import {
  autoMLStep,
  batchDeployment,
  batchEndpoint,
  compute,
  deployModelStep,
  environment,
  onlineDeployment,
  onlineEndpoint,
  outputFileDataset,
  pipeline,
  pipelineParameter,
  pythonScriptStep,
  registeredModel,
  registerModelStep,
  schedule,
  webFiles,
} from "@sluice/dsl";

const cpuCluster = compute("cpu-cluster");
const sklearn = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");

// The walkthrough's public CSV; offline runs map it to ../shared/data/titanic.csv (sluice.config.json).
const titanic = webFiles("titanic_ds", "https://dprepdata.blob.core.windows.net/demo/Titanic.csv");
// The model name with which to register the trained model in the workspace.
const modelName = pipelineParameter("model_name", "TitanicSurvivalInitial");

// Nightly retraining on Azure: `sluice deploy` creates or updates it; local runs ignore it.
const nightly = schedule({ name: "titanic-nightly-retrain", cron: "0 2 * * *", timeZone: "UTC", startTime: "2026-01-01T00:00:00" });

// The registered model served on a key-auth endpoint: `npm run serve` runs it here (no scoring
// script: AutoML's best model is an MLflow model), `sluice deploy` will create it on Azure.
const survival = onlineEndpoint({
  name: "titanic-survival",
  description: "Who survives the Titanic, from the newest registered model",
  deployments: [onlineDeployment({ name: "blue", model: registeredModel("TitanicSurvivalInitial"), instanceType: "Standard_DS3_v2" })],
});

// Batch scoring of raw passenger files with the same model: `npm run score-batch` runs a job here
// (the script prepares each file as dataprep does, then predicts).
const nightlyScoring = batchEndpoint({
  name: "titanic-batch",
  deployments: [
    batchDeployment({
      name: "nightly",
      model: registeredModel("TitanicSurvivalInitial"),
      scoring: { code: "./src", script: "batch_score.py", environment: sklearn },
      compute: "cpu-cluster",
      miniBatchSize: 2,
      maxConcurrencyPerInstance: 2,
      outputFileName: "predictions.csv",
    }),
  ],
});

export default pipeline(
  {
    name: "titanic_automl",
    experiment: "titanic_automl",
    description: "titanic automl",
    defaultCompute: cpuCluster,
    schedules: [nightly],
    endpoints: [survival, nightlyScoring],
  },
  () => {
    const preppedDataPath = outputFileDataset("output_path");

    pythonScriptStep({
      name: "dataprep",
      sourceDirectory: "./src",
      script: "dataprep.py",
      arguments: ["--titanic", titanic, "--output_path", preppedDataPath],
      environment: sklearn,
      allowReuse: true,
    });

    // A fifth of the passengers held out (stratified, fixed seed): neither model trains on them.
    const trainingPart = outputFileDataset("train_data");
    const heldOut = outputFileDataset("held_out");
    pythonScriptStep({
      name: "split",
      sourceDirectory: "./src",
      script: "split.py",
      arguments: ["--prepped", preppedDataPath.readDelimitedFiles(), "--train", trainingPart, "--held_out", heldOut],
      environment: sklearn,
      allowReuse: true,
    });

    const train = autoMLStep({
      name: "AutoML_Classification",
      task: "classification",
      trainingData: trainingPart.readDelimitedFiles(),
      labelColumn: "Survived",
      primaryMetric: "AUC_weighted",
      featurization: "auto",
      limits: { iterations: 2, iterationTimeoutMinutes: 10, experimentTimeoutMinutes: 15 },
      allowReuse: true,
    });

    const registered = registerModelStep({
      name: "register_model",
      model: train.outputs.bestModel,
      modelName,
      environment: sklearn,
      allowReuse: false,
      // Nightly retraining registers a new version only when it beats the newest one's AUC.
      onlyIfBetter: true,
    });

    // The endpoint switches to the new model only if it predicts the held-out passengers better
    // than the serving one; the step says which it did and why.
    deployModelStep({
      name: "promote",
      model: registered.outputs.model,
      endpoint: survival,
      environment: sklearn,
      onlyIfBetter: { heldOut: heldOut.asInput(), labelColumn: "Survived", metric: "accuracy" },
    });

    return { metrics_output: train.outputs.metrics, model_output: train.outputs.bestModel };
  },
);
