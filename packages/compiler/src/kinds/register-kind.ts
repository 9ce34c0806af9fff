import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { RegisterModelStepIR } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { bindAll, commandNode, nodeOutput } from "../lower/command-node.ts";
import { joinWords } from "../lower/shell-words.ts";
import { MODEL_NAME } from "../names/azure-names.ts";
import type { StepKind } from "./step-kind.ts";

/**
 * Folder of the registration script shipped with Sluice (snapshotted like user code). Resolved
 * through the package, so it is found from the sources and from the bundled CLI alike.
 */
export const REGISTER_MODEL_DIR = resolve(createRequire(import.meta.url).resolve("@sluice/compiler/builtin/register_model/register_model.py"), "..");

function checkModelName(ctx: CompileContext, step: RegisterModelStepIR): void {
  if (step.modelName.type !== "literal") return;
  const name = String(step.modelName.value);
  if (!MODEL_NAME.test(name))
    ctx.diagnostics.report(
      "SL107",
      ctx.at(step),
      `model name '${name}' is not a valid Azure ML model name`,
      "model names start with a letter or digit and use letters, digits, '_', '.' and '-'",
    );
}

/** Registers a model folder under a name: Sluice's built-in script, run as a command component. */
export const REGISTER_KIND: StepKind<RegisterModelStepIR> = {
  reads: (s) => [
    { slot: "model", ref: s.model },
    { slot: "modelName", ref: s.modelName, expects: "string" },
  ],
  // Not `declared`: a register step whose model no deploy step reads is not worth a warning.
  writes: (s) => (s.outputs ? [{ port: "registered_model", data: s.outputs.registered_model.data, type: "custom_model" }] : []),
  code: () => ({ dir: REGISTER_MODEL_DIR, written: REGISTER_MODEL_DIR, script: "register_model.py", builtin: true }),
  environment: (s) => s.environment,
  check: checkModelName,
  lower(ctx, step) {
    const deps = new Set<string>();
    const inputs = bindAll(ctx, { model_name: step.modelName, model_path: step.model }, deps);
    const words = ["python", "register_model.py", "--model_name", "${{inputs.model_name}}", "--model_path", "${{inputs.model_path}}"];
    if (step.description !== undefined) words.push("--description", step.description);
    for (const [k, v] of Object.entries(step.tags).sort(([a], [b]) => (a < b ? -1 : 1))) words.push("--tag", `${k}=${v}`);
    if (step.onlyIfBetter) words.push("--only_if_better", step.onlyIfBetter.goal, ...(step.onlyIfBetter.metric ? ["--metric", step.onlyIfBetter.metric] : []));
    if (step.outputs) words.push("--registered_model", "${{outputs.registered_model}}");
    const command = joinWords(words);
    return commandNode(ctx, step, {
      inputs,
      outputs: step.outputs ? { registered_model: nodeOutput(ctx, step.outputs.registered_model.data, false) } : {},
      command,
      codeDir: REGISTER_MODEL_DIR,
      builtin: true,
      environment: step.environment,
      mltableOutputs: [],
      deps,
    });
  },
};
