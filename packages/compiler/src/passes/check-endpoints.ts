import { relative, resolve } from "node:path";
import type { BatchDeploymentIR, EndpointIR, OnlineDeploymentIR, ProbeIR } from "@sluice/dsl/ir";
import type { CompileContext, Pass } from "../context.ts";

/** Azure's rule for endpoint and deployment names: 3–32 characters, letters, digits and `-`, a letter first, no `-` last. */
const AZURE_NAME = /^[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]$/;

type Deployment = OnlineDeploymentIR | BatchDeploymentIR;

const whole = (v: number | undefined, min: number) => v === undefined || (Number.isInteger(v) && v >= min);

function where(e: EndpointIR, d?: Deployment) {
  return { location: (d ?? e).definedAt, path: d ? `${e.name}/${d.name}` : e.name };
}

/** The model, scoring code and counts every deployment kind shares. */
function checkDeployment(ctx: CompileContext, e: EndpointIR, d: Deployment): void {
  const at = where(e, d);
  const bad = (message: string, hint: string) => ctx.diagnostics.report("SL150", at, `deployment '${d.name}' of endpoint '${e.name}' ${message}`, hint);
  if (!AZURE_NAME.test(d.name)) bad("has a name Azure refuses", "use 3–32 letters, digits and '-', starting with a letter");
  if (d.model.version !== "latest" && !/^[1-9]\d*$/.test(d.model.version))
    bad(`asks for version '${d.model.version}' of model '${d.model.name}'`, 'give a version number, or "latest"');
  if (d.scoring) {
    const dir = resolve(ctx.dirOf(d.definedAt), d.scoring.code);
    if (!ctx.host.stat(dir)?.isDirectory)
      bad(
        `has scoring code folder '${d.scoring.code}', which does not exist (looked for ${relative(ctx.host.cwd(), dir) || dir})`,
        "the folder is relative to the pipeline file",
      );
    else if (!ctx.host.stat(resolve(dir, d.scoring.script)))
      bad(`has no scoring script '${d.scoring.script}' in '${d.scoring.code}'`, "a Python file with init() and run(data)");
  }
  if (!whole(d.instanceCount, 1)) bad(`asks for ${d.instanceCount} instances`, "give a whole number ≥ 1");
}

function checkProbe(ctx: CompileContext, e: EndpointIR, d: OnlineDeploymentIR, name: string, p: ProbeIR | undefined): void {
  for (const [key, value] of Object.entries(p ?? {}))
    if (!whole(value, 1))
      ctx.diagnostics.report(
        "SL150",
        where(e, d),
        `${name}.${key} of deployment '${d.name}' must be a whole number ≥ 1, got ${value}`,
        "probe settings are counts and seconds",
      );
}

function checkOnline(ctx: CompileContext, e: Extract<EndpointIR, { type: "online" }>): void {
  for (const d of e.deployments) {
    if (!whole(d.traffic, 0) || d.traffic > 100)
      ctx.diagnostics.report(
        "SL149",
        where(e, d),
        `deployment '${d.name}' of endpoint '${e.name}' takes ${d.traffic}% of the traffic`,
        "give a whole percent from 0 to 100",
      );
    for (const [key, value] of Object.entries(d.requestSettings ?? {}))
      if (!whole(value, 1))
        ctx.diagnostics.report(
          "SL150",
          where(e, d),
          `requestSettings.${key} of deployment '${d.name}' must be a whole number ≥ 1, got ${value}`,
          "request settings are counts and milliseconds",
        );
    checkProbe(ctx, e, d, "livenessProbe", d.livenessProbe);
    checkProbe(ctx, e, d, "readinessProbe", d.readinessProbe);
  }
  const total = e.deployments.reduce((n, d) => n + d.traffic, 0);
  if (e.deployments.length > 0 && total !== 100 && total !== 0)
    ctx.diagnostics.report(
      "SL149",
      where(e),
      `the traffic shares of endpoint '${e.name}' add up to ${total}%`,
      `make them add up to 100 (${e.deployments.map((d) => `${d.name}: ${d.traffic}`).join(", ")})`,
    );
}

function checkBatch(ctx: CompileContext, e: Extract<EndpointIR, { type: "batch" }>): void {
  if (e.defaultDeployment !== undefined && !e.deployments.some((d) => d.name === e.defaultDeployment))
    ctx.diagnostics.report(
      "SL149",
      where(e),
      `endpoint '${e.name}' defaults to deployment '${e.defaultDeployment}', which it does not have`,
      `its deployments: ${e.deployments.map((d) => d.name).join(", ")}`,
    );
  for (const d of e.deployments) {
    const bad = (message: string, hint: string) =>
      ctx.diagnostics.report("SL150", where(e, d), `deployment '${d.name}' of endpoint '${e.name}' ${message}`, hint);
    for (const key of ["miniBatchSize", "maxConcurrencyPerInstance"] as const) if (!whole(d[key], 1)) bad(`has ${key} ${d[key]}`, "give a whole number ≥ 1");
    if (!whole(d.errorThreshold, -1)) bad(`has errorThreshold ${d.errorThreshold}`, "give a whole number of failures, or -1 to tolerate all");
    if (!whole(d.retry?.maxRetries, 0) || !whole(d.retry?.timeoutSeconds, 1))
      bad("has retry settings that are not whole numbers", "give retry: { maxRetries: 3, timeoutSeconds: 300 }");
    if (d.outputFileName !== undefined && !/^[^/\\]+$/.test(d.outputFileName)) bad(`writes to '${d.outputFileName}'`, "give a file name, without folders");
  }
}

/** Endpoint and deployment mistakes Azure would only report at deploy time, minutes in. */
export const checkEndpoints: Pass = (ctx) => {
  const seen = new Set<string>();
  for (const e of ctx.ir.endpoints ?? []) {
    if (seen.has(e.name)) {
      ctx.diagnostics.report("SL149", where(e), `endpoint '${e.name}' is declared twice`, "give each endpoint its own name");
      continue;
    }
    seen.add(e.name);
    if (!AZURE_NAME.test(e.name))
      ctx.diagnostics.report(
        "SL149",
        where(e),
        `endpoint name '${e.name}' is not one Azure accepts`,
        "use 3–32 letters, digits and '-', starting with a letter",
      );
    if (e.deployments.length === 0) ctx.diagnostics.report("SL149", where(e), `endpoint '${e.name}' has no deployments`, "give it at least one deployment");
    const names = new Set<string>();
    for (const d of e.deployments) {
      if (names.has(d.name))
        ctx.diagnostics.report("SL150", where(e, d), `endpoint '${e.name}' has two deployments named '${d.name}'`, "name each deployment once");
      names.add(d.name);
      checkDeployment(ctx, e, d);
    }
    if (e.type === "online") checkOnline(ctx, e);
    else checkBatch(ctx, e);
  }
};
