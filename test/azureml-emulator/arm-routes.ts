import { HttpError, route, send, type Exchange, type Route } from "./http.ts";
import type { EmulatorContext } from "./context.ts";
import { EmulatorState, type Resource } from "./state.ts";
import { swaggerFor } from "./swagger.ts";
import { standaloneAsPipeline } from "./standalone-job.ts";
import { AutoMLJobRules } from "./automl-job.ts";
import { CommandJobRules, ComponentSpecRules, PipelineJobRules, ScheduleRules, SparkJobRules, SweepJobRules, problem } from "./validate.ts";
import type { z } from "zod";

export const WS = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

/**
 * A PUT body as Azure checks it: against Microsoft's REST spec for the request's api-version
 * (every field), then the free-form parts against the rules the spec leaves open.
 */
export function validated<T>(x: Exchange, what: string, rules?: { schema: z.ZodType; part: (body: T) => unknown }): T {
  const version = x.query.get("api-version") ?? "";
  const spec = swaggerFor(version);
  if (!spec) throw new HttpError(400, "InvalidApiVersionParameter", `api-version '${version}' is not one this workspace serves (2022-10-01, 2024-04-01)`);
  const at = spec.bodySchema(x.method, x.path);
  const problems = at ? spec.validate(at, x.body) : [];
  if (problems.length > 0) throw new HttpError(400, "UserError", `invalid ${what} body: ${problems.slice(0, 3).join("; ")}`);
  const part = rules?.part(x.body as T);
  const issue = rules && part !== undefined ? problem(rules.schema, part) : undefined;
  if (issue) throw new HttpError(400, "UserError", `invalid ${what} body: ${issue}`);
  return x.body as T;
}

function list(res: Exchange["res"], items: Resource[]): void {
  send(res, 200, { value: items });
}

function found(r: Resource | undefined, what: string): Resource {
  if (!r) throw new HttpError(404, "ResourceNotFound", `${what} not found`);
  return r;
}

/** Asset versions are immutable: an identical re-PUT is fine, a different one is a conflict. */
function putVersion(ctx: EmulatorContext, x: Exchange, kind: string, name: string, version: string, properties: Record<string, unknown>): void {
  const key = `${kind}/${name}/versions/${version}`;
  const previous = ctx.state.assets.get(key);
  if (previous && JSON.stringify(previous.properties) !== JSON.stringify(properties)) {
    throw new HttpError(
      409,
      "UserError",
      kind === "codes" ? "Asset paths cannot be updated." : `${kind} ${name}:${version} already exists with different content`,
    );
  }
  const r = ctx.state.resource(`${ctx.wsId}/${key}`, `Microsoft.MachineLearningServices/workspaces/${kind}/versions`, version, properties, previous);
  ctx.state.assets.set(key, r);
  if (!ctx.state.assets.has(`${kind}/${name}`))
    ctx.state.assets.set(
      `${kind}/${name}`,
      ctx.state.resource(`${ctx.wsId}/${kind}/${name}`, `Microsoft.MachineLearningServices/workspaces/${kind}`, name, {}),
    );
  send(x.res, previous ? 200 : 201, r);
}

function assetRoutes(ctx: EmulatorContext): Route[] {
  return ["codes", "environments", "components", "models", "data"].flatMap((kind) => [
    route("GET", `${WS}/${kind}`, (x) =>
      list(
        x.res,
        [...ctx.state.assets.entries()].filter(([k]) => /^[^/]+\/[^/]+$/.test(k) && k.startsWith(`${kind}/`)).map(([, r]) => r),
      ),
    ),
    route("GET", `${WS}/${kind}/{name}`, (x, p) => send(x.res, 200, found(ctx.state.assets.get(`${kind}/${p.name}`), `${kind} ${p.name}`))),
    route("GET", `${WS}/${kind}/{name}/versions`, (x, p) => {
      const top = Number(x.query.get("$top") ?? "0");
      const all = ctx.state.versionsOf(`${kind}/${p.name}`);
      list(x.res, top > 0 ? all.slice(0, top) : all);
    }),
    route("GET", `${WS}/${kind}/{name}/versions/{version}`, (x, p) =>
      send(x.res, 200, found(ctx.state.assets.get(`${kind}/${p.name}/versions/${p.version}`), `${kind} ${p.name}:${p.version}`)),
    ),
    route("PUT", `${WS}/${kind}/{name}/versions/{version}`, (x, p) => {
      type Body = { properties: Record<string, unknown> };
      const rules = kind === "components" ? { schema: ComponentSpecRules, part: (b: Body) => b.properties?.componentSpec } : undefined;
      const body = validated<Body>(x, kind, rules);
      if (kind === "components") ctx.checkComponentRefs(body.properties.componentSpec as { code: string });
      putVersion(ctx, x, kind, p.name as string, p.version as string, body.properties);
    }),
  ]);
}

function jobRoutes(ctx: EmulatorContext): Route[] {
  return [
    route("GET", `${WS}/jobs`, (x) => list(x.res, [...ctx.state.jobs.values()])),
    route("GET", `${WS}/jobs/{id}`, (x, p) => send(x.res, 200, found(ctx.state.jobs.get(p.id as string), `job ${p.id}`))),
    route("PUT", `${WS}/jobs/{id}`, (x, p) => {
      type Body = { properties: { jobType: string; jobs: Record<string, unknown>; settings: Record<string, unknown> } };
      const RULES: Record<string, z.ZodType> = {
        Pipeline: PipelineJobRules,
        Sweep: SweepJobRules,
        Command: CommandJobRules,
        AutoML: AutoMLJobRules,
        Spark: SparkJobRules,
      };
      const schema = RULES[(x.body as Body | undefined)?.properties?.jobType ?? ""] ?? PipelineJobRules;
      const body = validated<Body>(x, "job", { schema, part: (b) => (b.properties.jobType in RULES ? b.properties : undefined) });
      if (ctx.state.jobs.has(p.id as string)) throw new HttpError(409, "UserError", `job ${p.id} already exists`);
      // Azure runs a standalone job's command (a Sweep job's trial) as an anonymous component; so does the emulator.
      const standalone = standaloneAsPipeline(ctx.wsId, p.id as string, body.properties as never);
      if (standalone) {
        const { props, component } = standalone;
        if (component) {
          ctx.checkComponentRefs(component.properties.componentSpec as { code?: string });
          ctx.state.assets.set(
            component.key,
            ctx.state.resource(component.id, "Microsoft.MachineLearningServices/workspaces/components/versions", component.version, component.properties),
          );
        }
        ctx.checkJobRefs(props);
      } else ctx.checkJobRefs(body.properties);
      const job = ctx.state.resource(`${ctx.wsId}/jobs/${p.id}`, "Microsoft.MachineLearningServices/workspaces/jobs", p.id as string, {
        ...body.properties,
        status: "NotStarted",
      });
      ctx.state.jobs.set(p.id as string, job);
      ctx.startJob(job);
      send(x.res, 201, job);
    }),
    route("POST", `${WS}/jobs/{id}/cancel`, (x, p) => {
      const job = found(ctx.state.jobs.get(p.id as string), `job ${p.id}`);
      ctx.cancelJob(job);
      const op = ctx.state.operation(1);
      send(x.res, 202, undefined, { location: `${ctx.url}/_ops/${op}`, "retry-after": "0" });
    }),
  ];
}

function scheduleRoutes(ctx: EmulatorContext): Route[] {
  return [
    route("GET", `${WS}/schedules`, (x) => list(x.res, [...ctx.state.schedules.values()])),
    route("GET", `${WS}/schedules/{name}`, (x, p) => send(x.res, 200, found(ctx.state.schedules.get(p.name as string), `schedule ${p.name}`))),
    route("PUT", `${WS}/schedules/{name}`, (x, p) => {
      type Body = {
        properties: { isEnabled?: boolean; action: { jobDefinition: { jobs: Record<string, unknown>; settings: Record<string, unknown> } } };
      };
      const body = validated<Body>(x, "schedule", { schema: ScheduleRules, part: (b) => b });
      ctx.checkJobRefs(body.properties.action.jobDefinition);
      const previous = ctx.state.schedules.get(p.name as string);
      const properties = { ...body.properties, isEnabled: body.properties.isEnabled ?? true, provisioningState: "Succeeded" };
      ctx.state.schedules.set(
        p.name as string,
        ctx.state.resource(`${ctx.wsId}/schedules/${p.name}`, "Microsoft.MachineLearningServices/workspaces/schedules", p.name as string, properties, previous),
      );
      const op = ctx.state.operation(2);
      send(
        x.res,
        previous ? 200 : 201,
        { ...ctx.state.schedules.get(p.name as string), properties: { ...properties, provisioningState: "Updating" } },
        { "azure-asyncoperation": `${ctx.url}/_ops/${op}` },
      );
    }),
    route("DELETE", `${WS}/schedules/{name}`, (x, p) => {
      found(ctx.state.schedules.get(p.name as string), `schedule ${p.name}`);
      ctx.state.schedules.delete(p.name as string);
      const op = ctx.state.operation(1);
      send(x.res, 202, undefined, { location: `${ctx.url}/_ops/${op}`, "retry-after": "0" });
    }),
  ];
}

function workspaceRoutes(ctx: EmulatorContext): Route[] {
  const datastore = () => ({
    id: `${ctx.wsId}/datastores/workspaceblobstore`,
    name: "workspaceblobstore",
    type: "Microsoft.MachineLearningServices/workspaces/datastores",
    properties: {
      datastoreType: "AzureBlob",
      accountName: ctx.storage.account,
      containerName: ctx.storage.container,
      endpoint: "core.windows.net",
      protocol: "https",
      isDefault: true,
      credentials: { credentialsType: "AccountKey" },
    },
  });
  return [
    route("GET", WS, (x, p) =>
      send(x.res, 200, {
        id: ctx.wsId,
        name: p.ws,
        type: "Microsoft.MachineLearningServices/workspaces",
        location: "westeurope",
        properties: { discoveryUrl: `${ctx.url}/discovery`, mlFlowTrackingUri: `azureml://${new URL(ctx.url).host}/mlflow/v1.0${ctx.wsId}` },
      }),
    ),
    route("GET", `${WS}/datastores`, (x) => send(x.res, 200, { value: [datastore()] })),
    route("GET", `${WS}/datastores/{name}`, (x, p) => {
      if (p.name !== "workspaceblobstore") throw new HttpError(404, "ResourceNotFound", `datastore ${p.name} not found`);
      send(x.res, 200, datastore());
    }),
    route("POST", `${WS}/datastores/{name}/listSecrets`, (x) => send(x.res, 200, { secretsType: "AccountKey", key: ctx.storage.key })),
    route("GET", `${WS}/computes/{name}`, (x, p) => {
      if (!ctx.computes.includes(p.name as string)) throw new HttpError(404, "ResourceNotFound", `compute ${p.name} not found`);
      send(x.res, 200, { id: `${ctx.wsId}/computes/${p.name}`, name: p.name, properties: { computeType: "AmlCompute", provisioningState: "Succeeded" } });
    }),
  ];
}

function operationRoutes(ctx: EmulatorContext): Route[] {
  return [
    route("GET", "/_ops/{id}", (x, p) => {
      const op = ctx.state.operations.get(p.id as string);
      if (!op) throw new HttpError(404, "NotFound", "no such operation");
      op.polls -= 1;
      if (op.polls > 0 || op.pending) return send(x.res, 202, { status: "InProgress" }, { "retry-after": "0", location: `${ctx.url}/_ops/${p.id}` });
      op.status = op.failure ? "Failed" : "Succeeded";
      send(x.res, 200, {
        status: op.status,
        endTime: EmulatorState.now(),
        ...(op.failure ? { error: { code: "DeploymentFailed", message: op.failure } } : {}),
      });
    }),
  ];
}

/** The ARM routes the runtime calls, api-version 2022-10-01. */
export function armRoutes(ctx: EmulatorContext): Route[] {
  return [...workspaceRoutes(ctx), ...assetRoutes(ctx), ...jobRoutes(ctx), ...scheduleRoutes(ctx), ...operationRoutes(ctx)];
}
