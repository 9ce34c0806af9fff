// Endpoints with what users get wrong: a name Azure refuses, traffic that does not add up, a
// missing scoring folder, a model version that is not a number, a default deployment it lacks.
import { batchDeployment, batchEndpoint, environment, onlineDeployment, onlineEndpoint, pipeline, pythonScriptStep, registeredModel } from "@sluice/dsl";

const sklearn = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");

const online = onlineEndpoint({
  name: "1st_endpoint",
  deployments: [
    onlineDeployment({ name: "blue", model: registeredModel("m", "v2"), instanceType: "Standard_DS3_v2", traffic: 70 }),
    onlineDeployment({
      name: "green",
      model: registeredModel("m"),
      scoring: { code: "./nope", script: "score.py", environment: sklearn },
      instanceType: "Standard_DS3_v2",
      traffic: 20,
      requestSettings: { requestTimeoutMs: 0 },
    }),
  ],
});

const batch = batchEndpoint({
  name: "batch-scoring",
  defaultDeployment: "nightly",
  deployments: [batchDeployment({ name: "daily", model: registeredModel("m"), compute: "cpu-cluster", miniBatchSize: 0, outputFileName: "out/p.csv" })],
});

export default pipeline({ name: "serving", defaultCompute: "cpu-cluster", endpoints: [online, batch, online] }, () => {
  pythonScriptStep({ name: "noop", sourceDirectory: "../src", script: "prep.py" });
  return {};
});
