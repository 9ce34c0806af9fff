import { compilePipeline, type CompileResult } from "@sluice/compiler";
import { jitlessZod } from "../config/zod-mode.ts";

/** The compiler, as the CLI runs it (zod without JIT: see zod-mode.ts). */
export function compileIR(ir: unknown): CompileResult {
  jitlessZod();
  return compilePipeline(ir);
}
