import { compilePipeline, type CompileResult, type CompileTarget } from "@sluice/compiler";
import { jitlessZod } from "../config/zod-mode.ts";

/** The compiler, as the CLI runs it (zod without JIT: see zod-mode.ts). */
export function compileIR(ir: unknown, target: CompileTarget = "azure", emitOnly = false): CompileResult {
  jitlessZod();
  return compilePipeline(ir, { target, emitOnly });
}
