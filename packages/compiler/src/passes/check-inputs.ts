import type { EnvironmentIR } from "@sluice/dsl/ir";
import type { Pass } from "../context.ts";
import { kindOf } from "../kinds/step-kinds.ts";

function missingVersion(env: EnvironmentIR | undefined): string | undefined {
  return env?.type === "registered" && env.version === "" && env.label === undefined ? env.name : undefined;
}

/** Inputs and environments Azure ML cannot express as given. */
export const checkInputs: Pass = (ctx) => {
  for (const input of ctx.ir.inputs) {
    if (input.type === "web" && input.urls.length !== 1) {
      ctx.diagnostics.report(
        "SL127",
        ctx.atPipeline(input.definedAt),
        `web input '${input.name}' lists ${input.urls.length} URLs; an Azure ML v2 input holds exactly one`,
        "declare one webFiles() input per URL, or register the files as one dataset",
      );
    }
    // A relative path or a typo is no URL Azure or a local run can fetch: say so here, not at run time.
    const notUrl = input.type === "web" ? input.urls.find((u) => !URL.canParse(u)) : undefined;
    if (notUrl !== undefined) {
      ctx.diagnostics.report(
        "SL127",
        ctx.atPipeline(input.definedAt),
        `web input '${input.name}' is ${JSON.stringify(notUrl)}, which is not a URL`,
        "give the full URL (https://…); for a file of the project use localFiles()",
      );
    }
    if (input.type === "dataset" && input.version.trim() === "") {
      ctx.diagnostics.report(
        "SL125",
        ctx.atPipeline(input.definedAt),
        `dataset '${input.assetName}' has no version`,
        'pass { version: "1" }, or { version: "latest" } to follow new versions',
      );
    }
  }
  for (const step of ctx.ir.steps) {
    const name = missingVersion(kindOf(step).environment(step));
    if (name !== undefined) {
      ctx.diagnostics.report(
        "SL125",
        ctx.at(step),
        `environment '${name}' of step '${step.name}' has no version`,
        `write "${name}:<version>", or "${name}@latest" to resolve the newest at deploy time`,
      );
    }
  }
};
