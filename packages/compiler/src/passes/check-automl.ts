import { algorithmsFor, metricsFor } from "@sluice/dsl/ir";
import type { AutoMLStepIR, ValueRef } from "@sluice/dsl/ir";
import type { CompileContext } from "../context.ts";
import { checkAutoMLSettings } from "./check-automl-settings.ts";

function isTabular(ctx: CompileContext, ref: ValueRef): boolean {
  if (ref.type === "data") return ref.tabular;
  if (ref.type === "input") return ctx.ir.inputs.some((d) => d.name === ref.name && d.assetType === "mltable");
  if (ref.type === "uri") return ref.assetType === "mltable";
  return false;
}

function checkLimits(ctx: CompileContext, step: AutoMLStepIR): void {
  for (const [key, value] of Object.entries(step.limits)) {
    if (key === "exitScore" || key === "maxCoresPerTrial" || value === undefined || (Number.isInteger(value) && value > 0)) continue;
    ctx.diagnostics.report(
      "SL120",
      ctx.at(step),
      `limits.${key} of step '${step.name}' must be a positive whole number, got ${value}`,
      "AutoML limits count trials and minutes: use an integer ≥ 1",
    );
  }
  const { maxConcurrentTrials, maxTrials } = step.limits;
  if (maxConcurrentTrials !== undefined && maxTrials !== undefined && maxConcurrentTrials > maxTrials) {
    ctx.diagnostics.report(
      "SL120",
      ctx.at(step),
      `limits.maxConcurrentIterations (${maxConcurrentTrials}) exceeds the number of iterations (${maxTrials}) in step '${step.name}'`,
      "lower maxConcurrentIterations or raise iterations",
    );
  }
  const n = step.nCrossValidations;
  if (typeof n === "number" && (!Number.isInteger(n) || n < 2)) {
    ctx.diagnostics.report(
      "SL120",
      ctx.at(step),
      `nCrossValidations of step '${step.name}' must be a whole number ≥ 2, got ${n}`,
      'use at least 2 folds, or "auto"',
    );
  }
  if (n !== undefined && step.validationData) {
    ctx.diagnostics.report(
      "SL120",
      ctx.at(step),
      `step '${step.name}' sets both nCrossValidations and validationData`,
      "AutoML validates either by cross-validation or on validation data: drop one",
    );
  }
}

/** Algorithms must be ones the task has, and none both allowed and blocked. */
function checkAlgorithms(ctx: CompileContext, step: AutoMLStepIR): void {
  const known = algorithmsFor(step.task);
  for (const [slot, list] of [
    ["allowedAlgorithms", step.allowedAlgorithms],
    ["blockedAlgorithms", step.blockedAlgorithms],
  ] as const) {
    for (const name of list ?? []) {
      if (!known.includes(name))
        ctx.diagnostics.report(
          "SL146",
          ctx.at(step),
          `${slot} of step '${step.name}' names '${name}', which ${step.task} does not have`,
          `use one of: ${known.join(", ")}`,
        );
    }
  }
  const both = (step.allowedAlgorithms ?? []).filter((a) => step.blockedAlgorithms?.includes(a));
  if (both.length > 0)
    ctx.diagnostics.report("SL146", ctx.at(step), `step '${step.name}' both allows and blocks ${both.join(", ")}`, "name each algorithm in one list only");
  const size = step.validationDataSize;
  if (size !== undefined && !(size > 0 && size < 1))
    ctx.diagnostics.report(
      "SL120",
      ctx.at(step),
      `validationDataSize of step '${step.name}' must be between 0 and 1, got ${size}`,
      "give the share to hold out, e.g. 0.2",
    );
  if (size !== undefined && (step.validationData || step.nCrossValidations !== undefined))
    ctx.diagnostics.report(
      "SL120",
      ctx.at(step),
      `step '${step.name}' sets validationDataSize together with ${step.validationData ? "validationData" : "nCrossValidations"}`,
      "AutoML validates one way: a held-out share, validation data, or cross-validation",
    );
}

/** What TypeScript already enforces for typed callers, re-checked for plain-JS pipelines and JSON IR. */
export function checkAutoMLStep(ctx: CompileContext, step: AutoMLStepIR): void {
  const allowed = metricsFor(step.task);
  if (!allowed.includes(step.primaryMetric)) {
    ctx.diagnostics.report(
      "SL117",
      ctx.at(step),
      `primary metric '${step.primaryMetric}' is not available for ${step.task} in step '${step.name}'`,
      `use one of: ${allowed.join(", ")}`,
    );
  }
  for (const [slot, ref] of [
    ["trainingData", step.trainingData],
    ["validationData", step.validationData],
    ["testData", step.testData],
  ] as const) {
    if (ref && !isTabular(ctx, ref)) {
      ctx.diagnostics.report(
        "SL119",
        ctx.at(step),
        `${slot} of step '${step.name}' is not tabular data`,
        "AutoML reads tables: pass outputFileDataset(...).readDelimitedFiles() or an mltable dataset",
      );
    }
  }
  if (step.labelColumn === undefined && step.task !== "text_ner")
    ctx.diagnostics.report(
      "SL118",
      ctx.at(step),
      `step '${step.name}' does not name its labelColumn`,
      `a ${step.task} task learns a column: name it, e.g. labelColumn: "label"`,
    );
  if (step.labelColumn?.type === "literal" && String(step.labelColumn.value).trim() === "") {
    ctx.diagnostics.report(
      "SL118",
      ctx.at(step),
      `labelColumn of step '${step.name}' is empty`,
      'name the column AutoML should predict, e.g. labelColumn: "Survived"',
    );
  }
  checkLimits(ctx, step);
  checkAlgorithms(ctx, step);
  checkAutoMLSettings(ctx, step);
}
