import { dirname } from "node:path";
import type { PipelineIR, SourceLocation, StepIR } from "@sluice/dsl/ir";
import { DiagnosticBag } from "./diagnostics/diagnostic.ts";
import { buildDataFlow, type DataFlow } from "./graph/data-flow.ts";
import type { CompilerHost } from "./host/compiler-host.ts";

/** Where a compiled plan runs: Azure ML (the default, and what emitted files are for), or this machine. */
export type CompileTarget = "azure" | "local";

/** Shared state of one compilation: the IR, its data flow, and the diagnostics found so far. */
export class CompileContext {
  readonly ir: PipelineIR;
  readonly diagnostics: DiagnosticBag = new DiagnosticBag();
  readonly flow: DataFlow;
  /** All file access (paths the pipeline points at) goes through it. */
  readonly host: CompilerHost;
  /** What diagnostics name as the path: the pipeline, or `pipeline/step` inside a pipeline component. */
  readonly label: string;
  /** The passes a sub-pipeline (a pipeline component's body) gets, with this context's diagnostics. */
  readonly subPasses: readonly Pass[];
  /** Where the plan will run: checks of what only Azure needs (a compute per step) apply to `azure`. */
  readonly target: CompileTarget;
  /** Only writing the job spec (`sluice compile`): local data that does not exist yet is a warning, not an error. */
  readonly emitOnly: boolean;
  private readonly dataNames: Map<string, string>;

  constructor(
    ir: PipelineIR,
    host: CompilerHost,
    options: { subPasses?: readonly Pass[]; label?: string; diagnostics?: DiagnosticBag; target?: CompileTarget; emitOnly?: boolean } = {},
  ) {
    this.ir = ir;
    this.host = host;
    this.target = options.target ?? "azure";
    this.emitOnly = options.emitOnly ?? false;
    this.label = options.label ?? ir.name;
    this.subPasses = options.subPasses ?? [];
    if (options.diagnostics) this.diagnostics = options.diagnostics;
    this.flow = buildDataFlow(ir);
    this.dataNames = new Map(ir.data.map((d) => [d.id, d.name]));
  }

  at(step: Pick<StepIR, "name" | "definedAt">): { location: SourceLocation; path: string } {
    return { location: step.definedAt, path: `${this.label}/${step.name}` };
  }

  atPipeline(location: SourceLocation = this.ir.definedAt): { location: SourceLocation; path: string } {
    return { location, path: this.label };
  }

  /** Checks a sub-pipeline (a pipeline component's body) with the same diagnostics, under `label`. */
  checkSub(ir: PipelineIR, label: string): void {
    const sub = new CompileContext(ir, this.host, {
      subPasses: this.subPasses,
      label,
      diagnostics: this.diagnostics,
      target: this.target,
      emitOnly: this.emitOnly,
    });
    for (const pass of this.subPasses) pass(sub);
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
