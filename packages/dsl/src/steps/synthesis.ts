import type { ArgToken, ControlFlowIR, DataIR, DataInputIR, ParameterIR, SourceLocation, StepIR, ValueRef } from "../ir/schema.ts";
import { DataLink, PipelineInputData, type ProducedData } from "../data/data-link.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";

/**
 * Collects everything steps reference while a pipeline is turned into IR, and gives produced
 * data stable ids (its name, suffixed `#2`, `#3` when two different objects share a name).
 */
export class Synthesis {
  readonly parameters: ParameterIR[] = [];
  readonly inputs: DataInputIR[] = [];
  readonly data: DataIR[] = [];
  private readonly ids = new Map<ProducedData, string>();
  private readonly seenInputs = new Set<PipelineInputData>();
  private readonly seenParameters = new Set<PipelineParameter>();
  private readonly nameCounts = new Map<string, number>();

  dataId(produced: ProducedData): string {
    const known = this.ids.get(produced);
    if (known) return known;
    const count = (this.nameCounts.get(produced.name) ?? 0) + 1;
    this.nameCounts.set(produced.name, count);
    const id = count === 1 ? produced.name : `${produced.name}#${count}`;
    this.ids.set(produced, id);
    const entry: DataIR = { id, name: produced.name, definedAt: produced.definedAt };
    this.data.push(produced.delimited ? { ...entry, delimited: produced.delimited } : entry);
    return id;
  }

  ref(value: DataLink | PipelineParameter | string | number | boolean): ValueRef {
    if (value instanceof PipelineParameter) return this.parameter(value);
    if (!(value instanceof DataLink)) return { type: "literal", value };
    const mode = value.mode ? { mode: value.mode } : {};
    if (value.target instanceof PipelineInputData) return { ...this.input(value.target), ...mode } as ValueRef;
    return { type: "data", id: this.dataId(value.target), tabular: value.kind === "tabular", ...mode };
  }

  private parameter(p: PipelineParameter): ValueRef {
    if (!this.seenParameters.has(p)) {
      this.seenParameters.add(p);
      this.parameters.push({ name: p.name, type: p.type, default: p.default, definedAt: p.definedAt });
    }
    return { type: "parameter", name: p.name };
  }

  private input(d: PipelineInputData): ValueRef {
    if (!this.seenInputs.has(d)) {
      this.seenInputs.add(d);
      this.inputs.push({ ...d.source, name: d.name, assetType: d.assetType, ...(d.mode ? { mode: d.mode } : {}), definedAt: d.definedAt } as DataInputIR);
    }
    return { type: "input", name: d.name };
  }
}

/** A step as the pipeline holds it: a name, a call site, and a way to become IR. */
export interface SynthesizableStep {
  readonly name: string;
  readonly definedAt: SourceLocation;
  toIR(synthesis: Synthesis): StepIR;
}

export type { ArgToken };

/** A control-flow node as the pipeline holds it: `toIR` runs after every step's. */
export interface SynthesizableControl {
  readonly name: string;
  readonly definedAt: SourceLocation;
  toIR(synthesis: Synthesis): ControlFlowIR;
}
