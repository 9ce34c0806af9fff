// Deploy steps with what users get wrong: an endpoint the pipeline does not declare, no
// deployment named where the endpoint has two, a deployment it does not have, an unregistered
// model, a model registered under another name than the deployment serves, two steps updating one
// deployment, an empty label column.
import { cmd, component, deployModelStep, environment, onlineDeployment, onlineEndpoint, output, pipeline, registeredModel, registerModelStep } from "@sluice/dsl";

const model = registeredModel("churn");
const declared = onlineEndpoint({
  name: "churn-live",
  deployments: [
    onlineDeployment({ name: "blue", model, instanceType: "Standard_DS3_v2", traffic: 80 }),
    onlineDeployment({ name: "green", model, instanceType: "Standard_DS3_v2", traffic: 20 }),
  ],
});
const forgotten = onlineEndpoint({ name: "churn-shadow", deployments: [onlineDeployment({ name: "blue", model, instanceType: "Standard_DS3_v2" })] });

const train = component({
  name: "train",
  environment: environment("azureml:env:1"),
  outputs: { model: output.mlflowModel(), held_out: output.uriFolder() },
  command: ({ outputs }) => cmd`python train.py --model ${outputs.model} --held_out ${outputs.held_out}`,
});

export default pipeline({ name: "deploy_steps", defaultCompute: "cpu-cluster", endpoints: [declared] }, () => {
  const trained = train({ name: "train" });
  const registered = registerModelStep({ name: "register", model: trained.outputs.model, modelName: "churn" });
  deployModelStep({ name: "to_shadow", model: registered.outputs.model, endpoint: forgotten });
  deployModelStep({ name: "no_deployment", model: registered.outputs.model, endpoint: declared });
  const other = registerModelStep({ name: "register_other", model: trained.outputs.model, modelName: "churn-v2" });
  deployModelStep({ name: "other_model", model: other.outputs.model, endpoint: declared, deployment: "blue" });
  deployModelStep({ name: "again", model: registered.outputs.model, endpoint: declared, deployment: "blue" });
  deployModelStep({ name: "wrong_deployment", model: registered.outputs.model, endpoint: declared, deployment: "red" });
  deployModelStep({
    name: "unregistered",
    model: trained.outputs.model,
    endpoint: declared,
    deployment: "green",
    onlyIfBetter: { heldOut: trained.outputs.held_out, labelColumn: " " },
  });
  return {};
});
