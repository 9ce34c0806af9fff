import { SluiceDefinitionError } from "../core/errors.ts";
import type { SourceLocation, ValueRef } from "../ir/schema.ts";
import { DataLink, type DataKind } from "../data/data-link.ts";
import type { OutputFileDataset } from "../data/output-file-dataset.ts";
import type { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { Synthesis } from "./synthesis.ts";

/** Data a step may read: files, tables or models (metrics are a pipeline output only). */
export type ConsumableData = DataLink<Exclude<DataKind, "metrics">>;
/** What a step's `inputs` may hold: data to read or a parameter. */
export type StepInputValue = ConsumableData | PipelineParameter;

/**
 * Names a step's inputs and outputs the way Azure does (`${{inputs.x}}`): a link is named after
 * its data or parameter unless the user named it; the same object always gets the same name.
 */
export class StepIO {
  readonly inputs = new Map<string, StepInputValue>();
  readonly outputs = new Map<string, OutputFileDataset>();
  private readonly inputNames = new Map<object, string>();
  private readonly stepName: string;
  private readonly path: string;
  private readonly location: SourceLocation;

  constructor(stepName: string, path: string, location: SourceLocation) {
    this.stepName = stepName;
    this.path = path;
    this.location = location;
  }

  bindInput(value: StepInputValue, explicit?: string): string {
    const key = value instanceof DataLink ? value.target : value;
    const known = this.inputNames.get(key);
    if (known && (explicit === undefined || explicit === known)) return known;
    const name = explicit ?? (value instanceof DataLink ? value.target.name : value.name);
    const taken = this.inputs.get(name);
    if (taken && taken !== value) this.clash(name, "input");
    this.inputs.set(name, value);
    this.inputNames.set(key, name);
    return name;
  }

  bindOutput(value: OutputFileDataset, explicit?: string): string {
    const name = explicit ?? value.name;
    const taken = this.outputs.get(name);
    if (taken && taken !== value) this.clash(name, "output");
    this.outputs.set(name, value);
    return name;
  }

  inputRefs(synthesis: Synthesis): Record<string, ValueRef> {
    const refs: Record<string, ValueRef> = {};
    for (const [name, value] of this.inputs) refs[name] = synthesis.ref(value);
    return refs;
  }

  outputRefs(synthesis: Synthesis): Record<string, { data: string }> {
    const refs: Record<string, { data: string }> = {};
    for (const [name, value] of this.outputs) refs[name] = { data: synthesis.dataId(value) };
    return refs;
  }

  private clash(name: string, what: string): never {
    throw new SluiceDefinitionError({
      code: "SL003",
      message: `two different ${what}s of step '${this.stepName}' are both named '${name}'`,
      hint: `give them distinct names, e.g. ${what}s: { ${name}_a: ..., ${name}_b: ... }`,
      location: this.location,
      stepPath: this.path,
    });
  }
}
