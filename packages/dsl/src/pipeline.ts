import { enforceOptions, raiseCollected, withScope, type PipelineScope } from "./core/builder-context.ts";
import { flag, instance, is, isPlainObject, kindOf, listOf, type Shape, stringRecord, text } from "./core/option-checks.ts";
import { SluiceDefinitionError } from "./core/errors.ts";
import { captureLocation } from "./core/source-location.ts";
import { DataLink, ProducedData } from "./data/data-link.ts";
import type { OutputFileDataset } from "./data/output-file-dataset.ts";
import { PipelineParameter } from "./data/pipeline-parameter.ts";
import type { PipelineIR, SourceLocation, StandaloneJobKind } from "./ir/schema.ts";
import { IR_VERSION } from "./ir/version.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "./resources/compute.ts";
import { Schedule } from "./schedules/schedule.ts";
import type { Endpoint } from "./endpoints/endpoints.ts";
import { Synthesis, type SynthesizableControl, type SynthesizableStep } from "./steps/synthesis.ts";

/** Options of {@link pipeline}. */
export interface PipelineOptions {
  /**
   * The pipeline's name: the Azure ML job's display name, the prefix of every file
   * `sluice compile` writes (`<name>.job.json`), and the key runs are recorded under locally.
   * Azure's rule for job names (SL107): up to 255 letters, digits, `_` and `-`, starting with a
   * letter or digit.
   */
  name: string;
  /**
   * What the Azure ML studio shows for the job, any text (`"Train (nightly)"`). Default: the name.
   * `null` sends none, as a CLI YAML without `display_name` does: Azure then shows the run's
   * generated name (`sluice import` writes it for such a YAML).
   */
  displayName?: string | null;
  /**
   * Azure ML experiment the runs are grouped under (in the studio and in `sluice runs`), named by
   * the same rule as the pipeline (SL107). Default: the pipeline name.
   */
  experiment?: string;
  /** Shown in the Azure ML studio beside the job. */
  description?: string;
  /**
   * The compute every step runs on unless it sets its own `compute`: an AmlCompute cluster's
   * name in the workspace. Local runs ignore it, but a pipeline without any compute cannot be
   * submitted, so Sluice checks for it (SL113) before anything reaches Azure.
   */
  defaultCompute?: Compute | string;
  /**
   * The pipeline job's own compute, as a CLI YAML's top-level `compute:` and the SDK's
   * `PipelineJob.compute` give it (sent as the job's `computeId`). Azure runs a step that names
   * no compute of its own on it, as on `defaultCompute`; prefer `defaultCompute`, which the
   * Azure ML documentation describes. Local runs ignore it.
   */
  compute?: Compute | string;
  /** Datastore outputs are written to on Azure. Default: the workspace's `workspaceblobstore`. */
  defaultDatastore?: string;
  /** Keep running independent steps after one fails (Azure's `continue_on_step_failure`). Default false. */
  continueOnStepFailure?: boolean;
  /** Run every step again instead of reusing earlier results (Azure's `force_rerun`; local runs too). Default false. */
  forceRerun?: boolean;
  /**
   * Job settings Sluice does not model, sent in the job's `settings` as written, as the official
   * SDK passes a YAML's unknown `settings` keys through (`sluice import` notes each one). A key
   * Sluice models is refused here: use its option.
   */
  extraSettings?: Readonly<Record<string, string | number | boolean>>;
  /** Key/value tags on every job this pipeline submits. */
  tags?: Readonly<Record<string, string>>;
  /**
   * Scheduled retraining: `sluice deploy` creates or updates these in the workspace (with a
   * diff), and never starts a run by doing so. Local runs ignore them.
   */
  schedules?: readonly Schedule[];
  /** Online and batch endpoints that serve the models this pipeline (or an earlier one) registers; `sluice deploy` creates and updates them. */
  endpoints?: readonly Endpoint[];
}

/**
 * What a build function may return as the pipeline's named outputs: an
 * {@link OutputFileDataset} a step writes, or an AutoML step's `outputs.bestModel` /
 * `outputs.metrics`. `sluice outputs <run> <name>` and `deploy --download` fetch them by name.
 */
export type PipelineOutputValue = DataLink | OutputFileDataset;

const PIPELINE_BRAND = Symbol.for("sluice.pipeline");
/** The job settings the options above give (in Azure's spelling). */
const MODELED_SETTINGS = ["default_compute", "default_datastore", "continue_on_step_failure", "force_rerun", "_source"];

const PIPELINE_OPTIONS: Shape = {
  name: { check: text, required: true },
  displayName: { check: is("a string, or null for none", (v) => v === null || typeof v === "string") },
  experiment: { check: text },
  description: { check: text },
  defaultCompute: COMPUTE_FIELD,
  compute: COMPUTE_FIELD,
  defaultDatastore: { check: text },
  continueOnStepFailure: { check: flag },
  forceRerun: { check: flag },
  tags: { check: stringRecord },
  extraSettings: {
    check: is(
      "an object of string, number or boolean values, none of them a setting Sluice models",
      (v) => isPlainObject(v) && Object.entries(v).every(([k, x]) => !MODELED_SETTINGS.includes(k) && ["string", "number", "boolean"].includes(typeof x)),
    ),
  },
  schedules: { check: listOf(instance(Schedule, "schedule(...)")) },
  endpoints: { check: listOf(kindOf("endpoint", "onlineEndpoint(...) or batchEndpoint(...)")) },
};

/**
 * A built pipeline, what {@link pipeline} returns and what a pipeline file exports (the CLI
 * finds every exported one). Locked once its build function returns.
 */
export class Pipeline<O extends Record<string, PipelineOutputValue> = Record<string, PipelineOutputValue>> {
  /** @internal */
  readonly [PIPELINE_BRAND] = true;
  /** The pipeline's name, from {@link PipelineOptions.name}. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  /** The named outputs the build function returned. */
  readonly outputs: O;
  private readonly options: PipelineOptions;
  private readonly steps: SynthesizableStep[];
  private readonly controls: SynthesizableControl[];
  private readonly declared: PipelineParameter[];
  private ir: PipelineIR | undefined;
  private job: StandaloneJobKind | undefined;

  /** @internal */
  constructor(
    options: PipelineOptions,
    steps: SynthesizableStep[],
    outputs: O,
    definedAt: SourceLocation,
    controls: SynthesizableControl[] = [],
    declared: PipelineParameter[] = [],
  ) {
    this.name = options.name;
    this.options = options;
    this.steps = steps;
    this.controls = controls;
    this.declared = declared;
    this.outputs = outputs;
    this.definedAt = definedAt;
  }

  /** @internal Marks the pipeline as a standalone job of this type (its one step is the job). */
  asJob(job: StandaloneJobKind): this {
    this.job = job;
    return this;
  }

  /**
   * @internal
   * The IR of this pipeline. Not validated here (the DSL stays free of runtime dependencies);
   * the compiler validates every IR it receives against `PipelineSchema`.
   */
  toIR(): PipelineIR {
    this.ir ??= this.synthesize();
    return this.ir;
  }

  private synthesize(): PipelineIR {
    const o = this.options;
    const synthesis = new Synthesis();
    const steps = this.steps.map((step) => step.toIR(synthesis));
    const control = this.controls.map((c) => c.toIR(synthesis));
    for (const p of this.declared) synthesis.ref(p);
    const outputs: PipelineIR["outputs"] = {};
    for (const [name, value] of Object.entries(this.outputs)) {
      const target = value instanceof DataLink ? value.target : value;
      if (!(target instanceof ProducedData)) throw this.badOutput(name);
      outputs[name] = { data: synthesis.dataId(target) };
    }
    const ir: PipelineIR = {
      irVersion: IR_VERSION,
      name: o.name,
      tags: { ...(o.tags ?? {}) },
      definedAt: this.definedAt,
      parameters: synthesis.parameters,
      inputs: synthesis.inputs,
      data: synthesis.data,
      steps,
      outputs,
    };
    const defaultCompute = computeName(o.defaultCompute);
    if (defaultCompute !== undefined) ir.defaultCompute = defaultCompute;
    const jobCompute = computeName(o.compute);
    if (jobCompute !== undefined) ir.compute = jobCompute;
    if (o.description !== undefined) ir.description = o.description;
    if (o.displayName !== undefined) ir.displayName = o.displayName;
    if (o.experiment !== undefined) ir.experiment = o.experiment;
    if (o.continueOnStepFailure !== undefined) ir.continueOnStepFailure = o.continueOnStepFailure;
    if (o.forceRerun !== undefined) ir.forceRerun = o.forceRerun;
    if (o.extraSettings !== undefined && Object.keys(o.extraSettings).length > 0) ir.extraSettings = { ...o.extraSettings };
    if (this.job !== undefined) ir.job = this.job;
    if (control.length > 0) ir.control = control;
    if (o.defaultDatastore !== undefined) ir.defaultDatastore = o.defaultDatastore;
    if (o.schedules && o.schedules.length > 0) ir.schedules = o.schedules.map((s) => s.toIR());
    if (o.endpoints && o.endpoints.length > 0) ir.endpoints = o.endpoints.map((e) => e.toIR());
    return ir;
  }

  private badOutput(name: string): SluiceDefinitionError {
    return new SluiceDefinitionError({
      code: "SL004",
      message: `pipeline output '${name}' is not data written by a step`,
      hint: "return step outputs (an OutputFileDataset, or an AutoML step's outputs.bestModel / outputs.metrics)",
      location: this.definedAt,
    });
  }
}

/**
 * Whether a value is a {@link Pipeline}, also across copies of this package (a pipeline file
 * and the CLI may load different installs of it).
 */
export function isPipeline(value: unknown): value is Pipeline {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PIPELINE_BRAND] === true;
}

/**
 * Defines a pipeline: `build` creates its steps and returns its named outputs. Steps created
 * after `build` returns are rejected (the pipeline is locked, SL005), so a pipeline file always
 * describes the same graph. Export the result; `sluice` finds every exported pipeline.
 *
 * @example
 * ```ts
 * import { compute, outputFileDataset, pipeline, pythonScriptStep, webFiles } from "@sluice/dsl";
 *
 * const raw = webFiles("raw", "https://example.com/data.csv");
 *
 * export default pipeline({ name: "prep_only", defaultCompute: compute("cpu-cluster") }, () => {
 *   const prepared = outputFileDataset("prepared");
 *   pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "prep.py", arguments: ["--in", raw, "--out", prepared] });
 *   return { prepared };
 * });
 * ```
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a build function may end without returning outputs.
export function pipeline<O extends Record<string, PipelineOutputValue>>(options: PipelineOptions, build: () => O | void): Pipeline<O> {
  const definedAt = captureLocation();
  const steps: SynthesizableStep[] = [];
  const controls: SynthesizableControl[] = [];
  const declared: PipelineParameter[] = [];
  const problems: SluiceDefinitionError[] = [];
  let locked = false;
  const scope: PipelineScope = {
    name: typeof options?.name === "string" ? options.name : "pipeline",
    addStep(step) {
      if (locked) throw lockedError(scope.name, step.definedAt);
      steps.push(step as SynthesizableStep);
    },
    addControl(node) {
      if (locked) throw lockedError(scope.name, node.definedAt);
      controls.push(node as SynthesizableControl);
    },
    declare(value) {
      if (value instanceof PipelineParameter) declared.push(value);
    },
    report(error) {
      problems.push(error);
    },
  };
  withScope(scope, () => enforceOptions("pipeline", options, PIPELINE_OPTIONS, definedAt));
  const outputs = withScope(scope, build) ?? ({} as O);
  locked = true;
  raiseCollected(problems);
  return new Pipeline(options, steps, outputs, definedAt, controls, declared);
}

function lockedError(name: string, location: SourceLocation): SluiceDefinitionError {
  return new SluiceDefinitionError({
    code: "SL005",
    message: `a step was added to pipeline '${name}' after its build function returned`,
    hint: "create every step synchronously inside the build function",
    location,
  });
}
