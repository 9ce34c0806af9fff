import type { DataIR, PipelineIR, StepIR } from "@sluice/dsl/ir";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { nodeKey } from "../names/azure-names.ts";

/** The output an earlier step gets so a later one can wait for it (Azure has no order without data). */
export const DONE_OUTPUT = "sluice_done";

/** Kinds whose component Sluice builds, so it can add the signal ports. */
const ORDERABLE = new Set<StepIR["kind"]>(["command", "python", "spark", "parallel"]);

function orderable(step: StepIR): boolean {
  return ORDERABLE.has(step.kind) && !("component" in step && "reference" in step.component && step.component.reference !== undefined);
}

/** The earlier step writes the signal: an empty folder Azure creates when it completes. */
function addDone(step: StepIR, data: string): void {
  if (step.kind === "python") step.outputs[DONE_OUTPUT] = { data };
  else if (step.kind === "command" || step.kind === "spark" || step.kind === "parallel") {
    step.component.outputs[DONE_OUTPUT] = { type: "uri_folder" };
    step.outputs[DONE_OUTPUT] = { data, declared: false };
  }
}

/** The later step reads it, through an optional input its command never names. */
function addWait(step: StepIR, port: string, data: string): void {
  const ref = { type: "data" as const, id: data, tabular: false };
  if (step.kind === "python") step.inputs[port] = ref;
  else if (step.kind === "command" || step.kind === "spark" || step.kind === "parallel") {
    step.component.inputs[port] = { type: "uri_folder", optional: true };
    step.inputs[port] = ref;
  }
}

function problem(step: StepIR, message: string, hint: string, pipeline: string): Diagnostic {
  return { severity: "error", code: "SL162", message, hint, location: step.definedAt, path: `${pipeline}/${step.name}` };
}

/**
 * `step.after(other)` as Azure's documented workaround (azure-sdk-for-python #34196): the earlier
 * step's component gets an empty `sluice_done` output and the later one's an optional
 * `sluice_after_<step>` input bound to it, so Azure (and the local scheduler, through the same
 * binding) starts it only once the earlier one completed. Pipeline components are rewritten
 * inside too. Returns a rewritten copy and what cannot be ordered.
 */
export function withStepOrder(ir: PipelineIR): { ir: PipelineIR; diagnostics: Diagnostic[] } {
  if (!JSON.stringify(ir.steps).includes('"after"')) return { ir, diagnostics: [] };
  const copy = structuredClone(ir);
  const diagnostics = orderSteps(copy.steps, copy.data, copy.name);
  return { ir: copy, diagnostics };
}

function orderSteps(steps: StepIR[], data: DataIR[], pipeline: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const step of steps) {
    if (step.kind === "pipeline") out.push(...orderSteps(step.component.steps, step.component.data, `${pipeline}/${step.name}`));
    for (const name of step.after ?? []) {
      const earlier = steps.find((s) => s.name === name);
      if (!earlier || earlier === step) {
        const known =
          steps
            .filter((s) => s !== step)
            .map((s) => s.name)
            .join(", ") || "none";
        out.push(
          problem(
            step,
            `step '${step.name}' runs after '${name}', which ${earlier ? "is itself" : "is not a step of this pipeline"}`,
            `name another step of the same pipeline (its steps: ${known})`,
            pipeline,
          ),
        );
        continue;
      }
      const blocked = [earlier, step].find((s) => !orderable(s));
      if (blocked) {
        out.push(
          problem(
            step,
            `step '${step.name}' cannot run after '${name}': '${blocked.name}' is a ${blocked.kind} step${blocked.kind === "command" ? " of a registered component" : ""}, whose ports Sluice cannot add`,
            "order command, Python script, Spark or parallel steps whose component this pipeline defines; or pass data between them",
            pipeline,
          ),
        );
        continue;
      }
      const id = `${earlier.name}.${DONE_OUTPUT}`;
      if (!data.some((d) => d.id === id)) {
        data.push({ id, name: DONE_OUTPUT, definedAt: earlier.definedAt });
        addDone(earlier, id);
      }
      addWait(step, `sluice_after_${nodeKey(earlier.name)}`, id);
    }
  }
  return out;
}
