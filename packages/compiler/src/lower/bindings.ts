import { dirname, resolve } from "node:path";
import type { PipelineIR, ValueRef } from "@sluice/dsl/ir";
import { stepWrites } from "../graph/step-io.ts";
import { nodeKey } from "../names/azure-names.ts";
import type { Binding, IOType } from "../plan/execution-plan.ts";
import { literalText } from "./values.ts";

interface Producer {
  node: string;
  output: string;
  type: IOType;
}

/** Resolves value references to node bindings and their types, from a pipeline's producers. */
export class BindingResolver {
  private readonly producers = new Map<string, Producer>();
  private readonly inputTypes = new Map<string, IOType>();

  constructor(ir: PipelineIR) {
    const delimited = new Set(ir.data.filter((d) => d.delimited).map((d) => d.id));
    for (const p of ir.parameters) this.inputTypes.set(p.name, p.type);
    for (const d of ir.inputs) this.inputTypes.set(d.name, d.assetType);
    for (const step of ir.steps) {
      const node = nodeKey(step.name);
      for (const w of stepWrites(step, delimited)) {
        if (w.type !== "automl_metrics") this.producers.set(w.data, { node, output: w.port, type: w.type });
      }
    }
    // A parallel_for's outputs aggregate its body's: a folder of rounds, or a value's list as text.
    for (const c of ir.control ?? []) {
      if (c.type !== "parallel_for") continue;
      const body = ir.steps.find((s) => s.name === c.body);
      const types = new Map((body ? stepWrites(body, delimited) : []).map((w) => [w.port, w.type]));
      for (const [port, { data }] of Object.entries(c.outputs)) {
        const type = types.get(port);
        const value = type === "string" || type === "number" || type === "integer" || type === "boolean";
        this.producers.set(data, { node: nodeKey(c.name), output: port, type: value ? "string" : "uri_folder" });
      }
    }
  }

  outputType(data: string): IOType {
    return this.producers.get(data)?.type ?? "uri_folder";
  }

  producerOf(data: string): Producer | undefined {
    return this.producers.get(data);
  }

  bind(ref: ValueRef): { binding: Binding; type: IOType } {
    switch (ref.type) {
      case "literal":
        return { binding: { kind: "literal", value: literalText(ref.value) }, type: typeof ref.value as IOType };
      case "parameter":
        return { binding: { kind: "parent-input", name: ref.name }, type: this.inputTypes.get(ref.name) ?? "string" };
      case "input":
        return { binding: { kind: "parent-input", name: ref.name, ...(ref.mode ? { mode: ref.mode } : {}) }, type: this.inputTypes.get(ref.name) ?? "string" };
      case "data": {
        const p = this.producers.get(ref.id);
        const type = ref.tabular ? "mltable" : p?.type === "mltable" ? "uri_folder" : (p?.type ?? "uri_folder");
        return { binding: { kind: "node-output", node: p?.node ?? "?", output: p?.output ?? ref.id, ...(ref.mode ? { mode: ref.mode } : {}) }, type };
      }
      case "uri": {
        const uri = isLocalUri(ref.uri) ? resolve(dirname(ref.base), ref.uri) : ref.uri;
        return { binding: { kind: "data", uri, ...(ref.mode ? { mode: ref.mode } : {}) }, type: ref.assetType };
      }
    }
  }
}

/** A path on this machine, not an `azureml:`, `azureml://`, `https://` or other URI. */
export function isLocalUri(uri: string): boolean {
  return !/^[A-Za-z][A-Za-z0-9+.-]+:/.test(uri);
}

/** `${{parent...}}` for bindings, the value itself for literals and node-level data. */
export function bindingText(b: Binding): string {
  if (b.kind === "literal") return b.value;
  if (b.kind === "data") return b.uri;
  if (b.kind === "parent-input") return `\${{parent.inputs.${b.name}}}`;
  return `\${{parent.jobs.${b.node}.outputs.${b.output}}}`;
}
