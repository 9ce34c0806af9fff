import { dirname } from "node:path";
import type { PipelineIR, SourceLocation, StepIR } from "@sluice/dsl/ir";
import { DiagnosticBag } from "./diagnostics/diagnostic.ts";
import { buildDataFlow, type DataFlow } from "./graph/data-flow.ts";
import type { CompilerHost } from "./host/compiler-host.ts";

/** Shared state of one compilation: the IR, its data flow, and the diagnostics found so far. */
export class CompileContext {
  readonly ir: PipelineIR;
  readonly diagnostics = new DiagnosticBag();
  readonly flow: DataFlow;
  /** All file access (paths the pipeline points at) goes through it. */
  readonly host: CompilerHost;
  private readonly dataNames: Map<string, string>;

  constructor(ir: PipelineIR, host: CompilerHost) {
    this.ir = ir;
    this.host = host;
    this.flow = buildDataFlow(ir);
    this.dataNames = new Map(ir.data.map((d) => [d.id, d.name]));
  }

  at(step: StepIR): { location: SourceLocation; path: string } {
    return { location: step.definedAt, path: `${this.ir.name}/${step.name}` };
  }

  atPipeline(location: SourceLocation = this.ir.definedAt): { location: SourceLocation; path: string } {
    return { location, path: this.ir.name };
  }

  /** Relative paths in a step resolve against the folder of the file that defined it. */
  dirOf(location: SourceLocation): string {
    return dirname(location.file);
  }

  dataName(id: string): string {
    return this.dataNames.get(id) ?? id;
  }
}

/** A compiler pass: reads the context, reports diagnostics, never throws for user mistakes. */
export type Pass = (ctx: CompileContext) => void;
