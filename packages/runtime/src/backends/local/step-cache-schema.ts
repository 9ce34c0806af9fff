import * as z from "zod";
import { ManifestSchema } from "./cache-manifest.ts";
import type { StepFacts } from "./fingerprint.ts";

// What the step cache reads back: an entry's `entry.json` and a step's index file. Facts are
// checked where the cache relies on them and otherwise kept as written.

const FactsSchema = z.looseObject({
  kind: z.enum(["command", "automl"]),
  literals: z.record(z.string(), z.looseObject({ value: z.string() })),
  data: z.record(z.string(), z.looseObject({ input: z.string(), sha256: z.string() })),
  upstream: z.record(z.string(), z.looseObject({ node: z.string(), step: z.string(), output: z.string() })),
  outputs: z.array(z.string()),
}) as unknown as z.ZodType<StepFacts>;

/** `steps/<fingerprint>/entry.json`. */
export const EntrySchema = z.object({
  fingerprint: z.string().min(1),
  pipeline: z.string(),
  node: z.string(),
  runId: z.string().min(1),
  durationMs: z.number(),
  facts: FactsSchema,
  manifest: ManifestSchema,
});

/** `index/<pipeline>/<node>.json`: the facts of the step's last successful run. */
export const IndexSchema = z.object({ fingerprint: z.string(), facts: FactsSchema });

/**
 * Why an entry's `entry.json` cannot be used, as one phrase: the reader's problem ("is missing",
 * "cannot be read (EACCES)", "not valid JSON (…)") after the file's name, read as a sentence.
 */
export function entryJsonProblem(problem: string): string {
  return /^(is|cannot) /.test(problem) ? `entry.json ${problem}` : `entry.json is ${problem}`;
}
