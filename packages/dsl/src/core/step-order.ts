import { SluiceDefinitionError } from "./errors.ts";
import { captureLocation } from "./source-location.ts";

/**
 * Adds `steps` to the names a step starts after (`step.after(other)`), each once; a value that
 * is not a step is refused at the call (a plain-JS caller may pass anything).
 */
export function addPredecessors(into: string[], stepName: string, steps: ReadonlyArray<{ readonly name: string }>): void {
  for (const step of steps) {
    if (typeof step?.name !== "string")
      throw new SluiceDefinitionError({
        code: "SL009",
        message: `after() of step '${stepName}' takes steps, got ${step === null ? "null" : typeof step}`,
        hint: "pass the step objects: train.after(prepare)",
        location: captureLocation(),
      });
    if (!into.includes(step.name)) into.push(step.name);
  }
}
