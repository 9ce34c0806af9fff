import { literalValueProblem, type ExecutionPlan } from "@sluice/compiler";
import { SluiceError } from "../errors/sluice-error.ts";

function parseValue(name: string, type: string, raw: string): string {
  if (type === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n))
      throw new SluiceError("usage", `parameter '${name}' is a number; got '${raw}'`, { hint: `--param ${name}=<number>` });
    return String(n);
  }
  if (type === "boolean") {
    const v = raw.toLowerCase();
    if (!["true", "false", "1", "0"].includes(v))
      throw new SluiceError("usage", `parameter '${name}' is a boolean; got '${raw}'`, { hint: `--param ${name}=true|false` });
    return v === "true" || v === "1" ? "True" : "False";
  }
  const problem = literalValueProblem(raw);
  if (problem) throw new SluiceError("usage", `--param ${name}: the value ${problem}`, { hint: `give ${name} a value with at least one letter, digit or '_'` });
  return raw;
}

/**
 * Parameter values for a run, the same for every backend: defaults, overridden by
 * `--param k=v`, each checked against its type and against what Azure accepts as a literal.
 */
export function resolveParams(plan: ExecutionPlan, overrides: Record<string, string>): Map<string, string> {
  const params = plan.inputs.filter((i) => i.kind === "parameter");
  const known = new Map(params.map((p) => [p.name, p]));
  for (const name of Object.keys(overrides)) {
    if (!known.has(name)) {
      const isData = plan.inputs.some((i) => i.kind !== "parameter" && i.name === name);
      throw new SluiceError("usage", `the pipeline has no parameter '${name}'`, {
        hint: isData
          ? `'${name}' is a data input: --input ${name}=<path to a file or folder>`
          : params.length
            ? `parameters: ${params.map((p) => p.name).join(", ")}`
            : "this pipeline takes no parameters",
      });
    }
  }
  return new Map(params.map((p) => [p.name, overrides[p.name] === undefined ? p.value : parseValue(p.name, p.type, overrides[p.name] as string)]));
}
