import type { DeployModelStepIR, RegisterModelStepIR } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, commandNode } from "../lower/command-node.ts";
import { joinWords } from "../lower/shell-words.ts";
import { REGISTER_MODEL_DIR } from "./register-kind.ts";
import type { StepKind } from "./step-kind.ts";

/** The endpoint must be an online endpoint of this pipeline, and have the deployment. */
function checkTarget(ctx: CompileContext, step: DeployModelStepIR): void {
  const report = (message: string, hint: string) => ctx.diagnostics.report("SL152", ctx.at(step), message, hint);
  const online = (ctx.ir.endpoints ?? []).filter((e) => e.type === "online");
  const endpoint = online.find((e) => e.name === step.endpoint);
  if (!endpoint) {
    const names = online.map((e) => e.name);
    report(
      `endpoint '${step.endpoint}' is not one of pipeline ${ctx.ir.name}'s online endpoints`,
      names.length ? `add it to pipeline({ endpoints: [...] }) (it has ${names.join(", ")})` : "add it to pipeline({ endpoints: [...] })",
    );
    return;
  }
  const names = endpoint.deployments.map((d) => d.name);
  if (!names.includes(step.deployment)) {
    report(
      step.deployment ? `endpoint '${step.endpoint}' has no deployment '${step.deployment}'` : `endpoint '${step.endpoint}' has ${names.length} deployments`,
      `name the one to update: deployment: ${names.map((n) => `"${n}"`).join(" or ")}`,
    );
    return;
  }
  const first = ctx.ir.steps.find((s) => s.kind === "deploy" && s.endpoint === step.endpoint && s.deployment === step.deployment);
  if (first && first !== step)
    report(
      `deployment '${step.endpoint}/${step.deployment}' is also updated by deploy step '${first.name}'`,
      "one deploy step per deployment: the two would overwrite each other's model in any order",
    );
}

/** Only a registered version can be served: the model must be a register step's output. */
function checkModel(ctx: CompileContext, step: DeployModelStepIR): void {
  const ref = step.model;
  const writers = ref.type === "data" ? (ctx.flow.producers.get(ref.id) ?? []) : [];
  const register = writers.map((w) => ctx.ir.steps[w.step]).find((s) => s?.kind === "register");
  if (register?.kind === "register") {
    checkSameModel(ctx, step, register);
    return;
  }
  ctx.diagnostics.report(
    "SL152",
    ctx.at(step),
    `deploy step '${step.name}' is given a model no register step registered`,
    "register it first and deploy what it registered: model: registerModelStep({ ... }).outputs.model",
  );
}

/** The deployment must serve the model name the register step registers (else a promotion would swap models). */
function checkSameModel(ctx: CompileContext, step: DeployModelStepIR, register: RegisterModelStepIR): void {
  const ref = register.modelName;
  const registered =
    ref.type === "literal" ? String(ref.value) : ref.type === "parameter" ? ctx.ir.parameters.find((p) => p.name === ref.name)?.default : undefined;
  const endpoint = (ctx.ir.endpoints ?? []).find((e) => e.type === "online" && e.name === step.endpoint);
  const served = endpoint?.deployments.find((d) => d.name === step.deployment)?.model.name;
  if (registered === undefined || served === undefined || String(registered) === served) return;
  ctx.diagnostics.report(
    "SL152",
    ctx.at(step),
    `deployment '${step.endpoint}/${step.deployment}' serves model '${served}', but register step '${register.name}' registers '${String(registered)}'`,
    `declare the deployment with registeredModel("${String(registered)}"), or register the model under "${served}"`,
  );
}

function checkDeploy(ctx: CompileContext, step: DeployModelStepIR): void {
  checkTarget(ctx, step);
  checkModel(ctx, step);
  if (step.onlyIfBetter && !step.onlyIfBetter.labelColumn.trim())
    ctx.diagnostics.report("SL152", ctx.at(step), "onlyIfBetter.labelColumn is empty", "name the held-out set's column holding the true value");
}

/**
 * Points an endpoint's deployment at a newly registered model, if it beats the serving one on a
 * held-out set: Sluice's built-in script (beside the registration script), run as a command.
 */
export const DEPLOY_KIND: StepKind<DeployModelStepIR> = {
  reads: (s) => [{ slot: "model", ref: s.model }, ...(s.onlyIfBetter ? [{ slot: "heldOut", ref: s.onlyIfBetter.heldOut }] : [])],
  writes: () => [],
  code: () => ({ dir: REGISTER_MODEL_DIR, written: REGISTER_MODEL_DIR, script: "deploy_model.py", builtin: true }),
  environment: (s) => s.environment,
  check: checkDeploy,
  lower(ctx, step) {
    const deps = new Set<string>();
    const better = step.onlyIfBetter;
    const inputs = bindAll(ctx, { model: step.model, ...(better ? { held_out: better.heldOut } : {}) }, deps);
    const words = ["python", "deploy_model.py", "--model", "${{inputs.model}}", "--endpoint", step.endpoint, "--deployment", step.deployment];
    if (better) words.push("--held_out", "${{inputs.held_out}}", "--label_column", better.labelColumn, "--metric", better.metric, "--goal", better.goal);
    return commandNode(ctx, step, {
      inputs,
      outputs: {},
      command: joinWords(words),
      codeDir: REGISTER_MODEL_DIR,
      builtin: true,
      environment: step.environment,
      mltableOutputs: [],
      deps,
    });
  },
};
