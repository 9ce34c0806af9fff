import { compilePipeline, type CompileResult } from "@sluice/compiler";
import * as z from "zod";

let configured = false;

/**
 * The compiler, as the CLI runs it: one process validates each IR once, so zod's compiled
 * (JIT) parsers cost more than they save. Set here rather than at start-up, so commands that
 * compile nothing never load zod.
 */
export function compileIR(ir: unknown): CompileResult {
  if (!configured) {
    z.config({ jitless: true });
    configured = true;
  }
  return compilePipeline(ir);
}
