import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import {
  either,
  type Field,
  flag,
  isPlainObject,
  number,
  object,
  oneOf,
  stringParameter,
  stringRecord,
  type Check,
  type Shape,
  text,
} from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { addPredecessors } from "../core/step-order.ts";
import { DataLink, ProducedData, type DataKind, type FileData, type ModelData, type TabularData, type ValueData, type ValueType } from "../data/data-link.ts";
import { OutputFileDataset } from "../data/output-file-dataset.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { CommandStepIR, ComponentIR, PipelineComponentIR, PipelineStepIR, ComputeRef, SourceLocation, SweepStepIR, ValueRef } from "../ir/schema.ts";
import type { SparkComponentIR, SparkStepIR } from "../ir/spark-schema.ts";
import type { ParallelComponentIR, ParallelStepIR } from "../ir/parallel-schema.ts";
import type { JobService, StepDistribution, StepResources } from "./run-settings.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "../resources/compute.ts";
import type { Synthesis } from "../steps/synthesis.ts";
import type { InputSpec, OutputIOType, OutputSettings, OutputSpec } from "./io-specs.ts";
import { StepData } from "./step-data.ts";
import { SPARK_RUN_SETTINGS, type SparkConf, withoutUndefined } from "./spark-settings.ts";

/** The components a step can run: a command, a Spark job or a sub-pipeline. */
type AnyComponentIR = ComponentIR | PipelineComponentIR | SparkComponentIR | ParallelComponentIR;

/** What a step may pass to an input of each type. */
export type InputValue<S> =
  S extends InputSpec<"string", boolean>
    ? string | PipelineParameter<string> | ValueData
    : S extends InputSpec<"number" | "integer", boolean>
      ? number | PipelineParameter<number> | ValueData
      : S extends InputSpec<"boolean", boolean>
        ? boolean | PipelineParameter<boolean> | ValueData
        : S extends InputSpec<"mltable", boolean>
          ? TabularData | StepData<"mltable" | "uri_folder">
          : S extends InputSpec<"mlflow_model" | "custom_model", boolean>
            ? ModelData | FileData | StepData<"uri_folder">
            : S extends InputSpec<"uri_folder", boolean>
              ? // A model is a folder: the SDK passes one (an AutoML best_model) to a uri_folder input.
                FileData | ModelData | OutputFileDataset | StepData<"uri_file" | "uri_folder">
              : S extends InputSpec<"uri_file", boolean>
                ? FileData | OutputFileDataset | StepData<"uri_file" | "uri_folder">
                : never;

/** The names of the inputs a step must give. */
export type RequiredKeys<I> = { [K in keyof I]: I[K] extends InputSpec<infer _T, true> ? K : never }[keyof I];
/** The `inputs` of a component step: required inputs must be given, the others may. */
export type InputValues<I extends Record<string, InputSpec>> = { [K in RequiredKeys<I>]: InputValue<I[K]> } & {
  [K in Exclude<keyof I, RequiredKeys<I>>]?: InputValue<I[K]>;
};

const VALUE_TYPES = ["string", "number", "integer", "boolean"];

/** The data link each output type yields to later steps. */
export type OutputLink<T extends OutputIOType> = T extends ValueType
  ? ValueData
  : T extends "mltable"
    ? TabularData
    : T extends "mlflow_model" | "custom_model"
      ? ModelData
      : FileData;

/** How a component is run as a step of the pipeline. */
export interface ComponentStepOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  /** The step's name (Azure's node name). */
  name: string;
  /** Shown in Azure's UI instead of the name. */
  displayName?: string;
  /** The values of the component's inputs. */
  inputs?: InputValues<I>;
  /** How Azure stores outputs (mode, path); return them from the pipeline to expose them. */
  outputs?: { [K in keyof O]?: OutputSettings };
  /**
   * Where it runs on Azure; the pipeline's default otherwise. A string parameter makes it a
   * pipeline input (`compute: pipelineParameter("train_compute", "cpu-cluster")`), checked and
   * bound as a value; Azure's `${{parent.inputs.…}}` written as text is refused (SL107).
   */
  compute?: Compute | string | PipelineParameter<string>;
  /** May a local run reuse an unchanged earlier result? Default true. */
  allowReuse?: boolean;
  /** Machines for the step on Azure: `instanceCount`, `instanceType`, `shmSize` (e.g. `"8g"`). Local runs use one process. */
  resources?: StepResources;
  /** Distributed training (`pytorch`, `mpi`, `tensorflow`) on Azure; refused by local runs. */
  distribution?: StepDistribution;
  /** Azure stops the step after this many seconds (local runs too). */
  timeoutSeconds?: number;
  /** Environment variables the command sees, on Azure and here. */
  environmentVariables?: Readonly<Record<string, string>>;
  /** Interactive services on the running job (Azure only): `{ my_vscode: { type: "vs_code" } }`. */
  services?: Readonly<Record<string, JobService>>;
}

/**
 * A step's outputs by name, typed by the component's output types; any name (not `| undefined`)
 * for a loaded component whose types are not generated yet.
 */
export type StepOutputs<O extends Record<string, OutputSpec>> = 0 extends 1 & O
  ? // biome-ignore lint/suspicious/noExplicitAny: an untyped loaded component: checked when the pipeline loads.
    Record<string, any>
  : { readonly [K in keyof O]: OutputLink<O[K]["type"]> };

/** A component run as a step: its outputs, typed by the component's output types. */
export class ComponentStep<O extends Record<string, OutputSpec> = Record<string, OutputSpec>> {
  /** The step's name. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  /** The component's outputs, to read in later steps or return from the pipeline. */
  readonly outputs: StepOutputs<O>;
  private readonly component: AnyComponentIR;
  private readonly options: ComponentStepOptions<Record<string, InputSpec>, O>;
  private readonly produced: Map<string, ProducedData>;
  private readonly predecessors: string[] = [];

  /** @internal */
  constructor(component: AnyComponentIR, options: ComponentStepOptions<Record<string, InputSpec>, O>, definedAt: SourceLocation) {
    this.name = options.name;
    this.definedAt = definedAt;
    this.component = component;
    this.options = options;
    this.produced = new Map(Object.keys(component.outputs).map((n) => [n, new ProducedData(n, definedAt)]));
    const kind = (t: string): DataKind =>
      t === "mltable" ? "tabular" : t === "mlflow_model" || t === "custom_model" ? "model" : VALUE_TYPES.includes(t) ? "value" : "file";
    this.outputs = Object.fromEntries(
      [...this.produced].map(([n, p]) => [n, new DataLink(kind(component.outputs[n]?.type ?? "uri_folder"), p, undefined, component.outputs[n]?.type)]),
    ) as StepOutputs<O>;
  }

  /**
   * Starts this step only once `steps` have completed, though it reads nothing of theirs (v1's
   * `run_after`, KFP's `.after()`). On Azure it is the documented workaround: the earlier step's
   * component gets an empty `sluice_done` output, and this step's an optional input reading it.
   * Local runs wait the same way. Returns this step.
   */
  after(...steps: ReadonlyArray<{ readonly name: string }>): this {
    addPredecessors(this.predecessors, this.name, steps);
    return this;
  }

  /** @internal */
  toIR(synthesis: Synthesis): CommandStepIR | PipelineStepIR | SweepStepIR | SparkStepIR | ParallelStepIR {
    const o = this.options;
    const inputs: Record<string, ValueRef> = {};
    for (const [name, value] of Object.entries(o.inputs ?? {})) if (value !== undefined) inputs[name] = valueRef(synthesis, value);
    const outputs: CommandStepIR["outputs"] = {};
    for (const [name, produced] of this.produced) {
      const settings = (o.outputs as Record<string, OutputSettings | undefined> | undefined)?.[name];
      // Registration alone is Sluice's doing after the run: it does not list the output at the node.
      const { name: asset, version: _v, ...storage } = settings ?? {};
      const declared = settings !== undefined && (Object.keys(storage).length > 0 || asset === undefined);
      outputs[name] = { data: synthesis.dataId(produced), declared, ...settings };
    }
    const base = {
      name: this.name,
      definedAt: this.definedAt,
      allowReuse: o.allowReuse ?? true,
      inputs,
      outputs,
      ...(this.predecessors.length ? { after: [...this.predecessors] } : {}),
    };
    const compute = o.compute instanceof PipelineParameter ? parameterOf(synthesis.ref(o.compute)) : computeName(o.compute);
    const shown = { ...(compute !== undefined ? { compute } : {}), ...(o.displayName !== undefined ? { displayName: o.displayName } : {}) };
    if ("steps" in this.component) return { kind: "pipeline", ...base, ...shown, component: this.component };
    if ("task" in this.component) return { kind: "parallel", ...base, ...shown, component: this.component };
    if ("entry" in this.component) return sparkIR({ kind: "spark", ...base, ...shown, component: this.component }, o as SparkSettings);
    const ir: CommandStepIR = { kind: "command", ...base, ...shown, component: this.component };
    if (o.resources !== undefined) ir.resources = { ...o.resources };
    if (o.distribution !== undefined) ir.distribution = { ...o.distribution };
    if (o.timeoutSeconds !== undefined) ir.timeoutSeconds = o.timeoutSeconds;
    if (o.environmentVariables !== undefined) ir.environmentVariables = { ...o.environmentVariables };
    if (o.services !== undefined) ir.services = Object.fromEntries(Object.entries(o.services).map(([n, s]) => [n, { ...s }])) as CommandStepIR["services"];
    return ir;
  }
}

/** What a Spark step sets beside a component step's options (see `SparkStepOptions`). */
interface SparkSettings {
  resources?: SparkStepIR["resources"];
  identity?: SparkStepIR["identity"];
  conf?: SparkConf;
}

function sparkIR(ir: SparkStepIR, o: SparkSettings): SparkStepIR {
  if (o.resources !== undefined) ir.resources = { ...o.resources };
  if (o.identity !== undefined) ir.identity = o.identity;
  if (o.conf !== undefined) ir.conf = withoutUndefined(o.conf);
  return ir;
}

/** A parameter read where Azure takes a compute name: the parameter, which emitters spell `${{parent.inputs.…}}`. */
function parameterOf(ref: ValueRef): ComputeRef {
  return ref.type === "parameter" ? { type: "parameter", name: ref.name } : "";
}

function valueRef(synthesis: Synthesis, value: unknown): ValueRef {
  if (value instanceof StepData) {
    return { type: "uri", assetType: value.type, uri: value.uri, base: value.definedAt.file, ...(value.mode ? { mode: value.mode } : {}) };
  }
  if (value instanceof OutputFileDataset) return synthesis.ref(value.asInput());
  return synthesis.ref(value as DataLink | PipelineParameter | string | number | boolean);
}

const isValue: Check = (v) =>
  ["string", "number", "boolean"].includes(typeof v) ||
  v instanceof PipelineParameter ||
  v instanceof DataLink ||
  v instanceof OutputFileDataset ||
  v instanceof StepData
    ? undefined
    : "a value, a pipelineParameter, data to read, or dataFolder/dataFile/dataTable(…)";

const STEP_COMPUTE: Field = { check: either(COMPUTE_FIELD.check, stringParameter) };

/** @internal The options a step of this component takes: its input and output names are known, so a typo gets a suggestion. */
export function stepShape(component: AnyComponentIR, runSettings = !("steps" in component)): Shape {
  // A parallel step's settings are its task's (given to parallelStep), a Spark step's Spark's.
  const settings = "task" in component ? {} : "entry" in component ? SPARK_RUN_SETTINGS : RUN_SETTINGS;
  const named = (keys: string[], item: Shape): Shape =>
    Object.fromEntries(keys.map((k) => [k, { check: (v: unknown) => (isPlainObject(v) ? undefined : "an object"), shape: item }]));
  return {
    name: { check: text, required: true },
    displayName: { check: text },
    inputs: {
      check: (v) => (isPlainObject(v) ? undefined : "an object"),
      shape: Object.fromEntries(Object.keys(component.inputs).map((k) => [k, { check: isValue }])),
    },
    outputs: {
      check: (v) => (isPlainObject(v) ? undefined : "an object"),
      shape: named(Object.keys(component.outputs), {
        mode: { check: oneOf("ro_mount", "rw_mount", "download", "upload", "direct", "eval_mount", "eval_download") },
        path: { check: text },
        name: { check: text },
        version: { check: text },
      }),
    },
    compute: STEP_COMPUTE,
    allowReuse: { check: flag },
    // A pipeline component's steps (and a sweep's trials) have their own run settings.
    ...(runSettings ? settings : {}),
  };
}

const SERVICE_TYPES = ["vs_code", "jupyter_lab", "tensor_board", "ssh"];
/** Each service a mapping with a type Azure has, and only the settings a service takes. */
const services: Check = (v) => {
  if (!isPlainObject(v)) return 'an object of { type: "vs_code" | "jupyter_lab" | "tensor_board" | "ssh", … } by name';
  for (const [name, s] of Object.entries(v)) {
    if (!isPlainObject(s) || !SERVICE_TYPES.includes(String(s.type))) return `services whose type is one of ${SERVICE_TYPES.join(", ")} (${name} is not)`;
    const extra = Object.keys(s).filter((k) => !["type", "logDir", "sshPublicKeys", "nodes", "port", "properties"].includes(k));
    if (extra.length) return `services with type, logDir, sshPublicKeys, nodes, port, properties (${name} has ${extra.join(", ")})`;
    if (s.nodes !== undefined && s.nodes !== "all") return `services whose nodes is "all" (${name}'s is not)`;
  }
  return undefined;
};

/** The run settings component steps and command steps share. */
export const RUN_SETTINGS: Shape = {
  resources: { ...object({ instanceCount: { check: number }, instanceType: { check: text }, shmSize: { check: text } }) },
  distribution: {
    ...object({
      type: { check: oneOf("pytorch", "mpi", "tensorflow"), required: true },
      processCountPerInstance: { check: number },
      workerCount: { check: number },
      parameterServerCount: { check: number },
    }),
  },
  timeoutSeconds: { check: number },
  environmentVariables: { check: stringRecord },
  services: { check: services },
};

/** @internal Adds a step running `component` to the pipeline being built. */
export function componentStep<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>>(
  component: AnyComponentIR,
  _inputs: I,
  _outputs: O,
  options: ComponentStepOptions<I, O>,
): ComponentStep<O> {
  const definedAt = captureLocation();
  const scope = currentScope(component.name, definedAt);
  const refused = enforceOptions(component.name, options, stepShape(component), definedAt, true);
  const step = new ComponentStep<O>(component, withoutRefused(options, refused) as ComponentStepOptions<Record<string, InputSpec>, O>, definedAt);
  scope.addStep(step);
  return step;
}
