import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The result document Sluice's built-in model steps end with (`step_result.py` beside them): what
 * a register step registered or kept, what a deploy step did to its endpoint, and why. Sluice reads
 * this document, never the prose the steps also print for people: a local run from the file it
 * asks for (`SLUICE_RESULT_FILE`), an Azure run from the one marked line of the job's log.
 */
export const MODEL_STEP_RESULT_SCHEMA = "sluice.model-step-result/1";
/** The prefix of the line that carries the document in a log. */
export const RESULT_MARKER = "SLUICE_RESULT ";

const Model = z.strictObject({ name: z.string().min(1), version: z.string().min(1) });
export const ModelStepResultSchema = z.discriminatedUnion("step", [
  z.strictObject({
    schema: z.literal(MODEL_STEP_RESULT_SCHEMA),
    step: z.literal("register"),
    outcome: z.enum(["registered", "kept", "unchanged"]),
    model: z.string().min(1),
    version: z.string().min(1),
    why: z.string().nullable(),
  }),
  z.strictObject({
    schema: z.literal(MODEL_STEP_RESULT_SCHEMA),
    step: z.literal("deploy"),
    outcome: z.enum(["deployed", "kept", "unchanged"]),
    /** `endpoint/deployment`. */
    target: z.string().min(1),
    /** What the target serves afterwards; null when it was not updated and what it serves is not known. */
    serves: Model.nullable(),
    why: z.string().nullable(),
  }),
]);
export type ModelStepResult = z.infer<typeof ModelStepResultSchema>;

/** A document checked against the schema; undefined for anything else (a step without one says nothing). */
function checkedResult(text: string): ModelStepResult | undefined {
  try {
    const parsed = ModelStepResultSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The document in a job log: its last marked line, checked. */
export function resultFromLog(log: string): ModelStepResult | undefined {
  const line = log
    .split("\n")
    .reverse()
    .find((l) => l.startsWith(RESULT_MARKER));
  return line === undefined ? undefined : checkedResult(line.slice(RESULT_MARKER.length));
}

/** The document a local run asked the step to write; undefined when it is missing or not one. */
export function resultFromFile(file: string): ModelStepResult | undefined {
  try {
    return checkedResult(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The line a run ends with for a built-in model step: the same for local and Azure runs. */
export function modelStepLine(step: string, r: ModelStepResult): string {
  const why = r.why ? ` (${r.why})` : "";
  if (r.step === "register") {
    if (r.outcome === "registered") return `${step}: registered model ${r.model} version ${r.version}${why}`;
    if (r.outcome === "kept") return `${step}: kept ${r.model} version ${r.version}, the new model not registered: ${r.why ?? "no reason given"}`;
    return `${step}: unchanged: ${r.model} version ${r.version} (same model as the newest version)`;
  }
  const serves = r.serves ? `${r.serves.name}:${r.serves.version}` : "";
  if (r.outcome === "deployed") return `${step}: deployed: ${r.target} now serves ${serves}${why}`;
  if (r.outcome === "unchanged") return `${step}: unchanged: ${r.target} already serves ${serves}`;
  return r.serves ? `${step}: kept: ${r.target} still serves ${serves}${why}` : `${step}: kept: ${r.target} not updated: ${r.why ?? "no reason given"}`;
}
