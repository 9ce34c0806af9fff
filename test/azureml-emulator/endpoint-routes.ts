import { randomBytes } from "node:crypto";
import { validated, WS } from "./arm-routes.ts";
import { batchScoringUri } from "./batch-jobs.ts";
import type { EmulatorContext } from "./context.ts";
import type { EndpointHost } from "./endpoint-host.ts";
import { HttpError, route, send, type Exchange, type Route } from "./http.ts";
import type { Resource } from "./state.ts";

type Kind = "onlineEndpoints" | "batchEndpoints";
type Body = { location: string; properties: Record<string, unknown>; tags?: Record<string, string>; sku?: Record<string, unknown>; identity?: unknown };

const ARM_TYPE: Record<Kind, string> = {
  onlineEndpoints: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
  batchEndpoints: "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
};

function found(r: Resource | undefined, what: string): Resource {
  if (!r) throw new HttpError(404, "ResourceNotFound", `${what} not found`);
  return r;
}

/** An ARM id under the workspace names an existing asset (`…/models/m/versions/1` → `models/m/versions/1`). */
function checkAsset(ctx: EmulatorContext, id: unknown, what: string): void {
  if (id === undefined) return;
  const key = /\/workspaces\/[^/]+\/(.+)$/.exec(String(id))?.[1];
  if (!key || !ctx.state.assets.has(key))
    throw new HttpError(400, "UserError", `${what} ${String(id).split("/").slice(-3).join("/")} does not exist in the workspace`);
}

/** A deployment's references exist: its model version, code version and (batch) compute. */
function checkDeploymentRefs(ctx: EmulatorContext, kind: Kind, p: Record<string, unknown>): void {
  const model = kind === "onlineEndpoints" ? p.model : (p.model as { assetId?: string } | undefined)?.assetId;
  checkAsset(ctx, model, "model");
  checkAsset(ctx, (p.codeConfiguration as { codeId?: string } | undefined)?.codeId, "code");
  if (kind === "batchEndpoints" && typeof p.compute === "string" && !ctx.computes.includes(p.compute.split("/").at(-1) as string))
    throw new HttpError(400, "UserError", `compute ${p.compute.split("/").at(-1)} does not exist in the workspace`);
}

/** PUT answers as Azure does for these resources: 201/200 with an Azure-AsyncOperation to poll (ending with `outcome`, when given). */
function accepted(ctx: EmulatorContext, x: Exchange, r: Resource, created: boolean, outcome?: Promise<string | undefined>): void {
  const op = ctx.state.operation(2, outcome);
  send(x.res, created ? 201 : 200, r, { "azure-asyncoperation": `${ctx.url}/_ops/${op}`, "retry-after": "0" });
}

function endpointRoutes(ctx: EmulatorContext, host: EndpointHost, kind: Kind): Route[] {
  const key = (name: string) => `${kind}/${name}`;
  return [
    route("GET", `${WS}/${kind}`, (x) =>
      send(x.res, 200, { value: [...ctx.state.endpoints.entries()].filter(([k]) => /^[^/]+\/[^/]+$/.test(k) && k.startsWith(`${kind}/`)).map(([, r]) => r) }),
    ),
    route("GET", `${WS}/${kind}/{name}`, (x, p) => send(x.res, 200, found(ctx.state.endpoints.get(key(p.name as string)), `endpoint ${p.name}`))),
    route("PUT", `${WS}/${kind}/{name}`, async (x, p) => {
      const body = validated<Body>(x, "endpoint");
      const name = p.name as string;
      const previous = ctx.state.endpoints.get(key(name));
      const traffic = (body.properties.traffic ?? {}) as Record<string, number>;
      for (const d of Object.keys(traffic))
        if (!ctx.state.endpoints.has(`${key(name)}/deployments/${d}`))
          throw new HttpError(400, "UserError", `traffic names deployment ${d}, which endpoint ${name} does not have`);
      const served = kind === "onlineEndpoints" ? host.uris(await host.port(name)) : batchScoringUri(ctx, name);
      const properties = { ...body.properties, ...served, provisioningState: "Succeeded" };
      const r = ctx.state.resource(`${ctx.wsId}/${key(name)}`, ARM_TYPE[kind], name, properties, previous);
      Object.assign(r, { location: body.location, tags: body.tags ?? {}, ...(body.identity ? { identity: body.identity } : {}) });
      ctx.state.endpoints.set(key(name), r);
      if (!host.keys.has(name)) host.keys.set(name, { primaryKey: randomBytes(24).toString("base64url"), secondaryKey: randomBytes(24).toString("base64url") });
      if (kind === "onlineEndpoints") host.refresh(name);
      accepted(ctx, x, r, !previous);
    }),
    route("POST", `${WS}/${kind}/{name}/listKeys`, (x, p) => {
      found(ctx.state.endpoints.get(key(p.name as string)), `endpoint ${p.name}`);
      send(x.res, 200, host.keys.get(p.name as string));
    }),
    route("GET", `${WS}/${kind}/{name}/deployments`, (x, p) =>
      send(x.res, 200, { value: [...ctx.state.endpoints.entries()].filter(([k]) => k.startsWith(`${key(p.name as string)}/deployments/`)).map(([, r]) => r) }),
    ),
    route("GET", `${WS}/${kind}/{name}/deployments/{d}`, (x, p) =>
      send(x.res, 200, found(ctx.state.endpoints.get(`${key(p.name as string)}/deployments/${p.d}`), `deployment ${p.d}`)),
    ),
    route("PUT", `${WS}/${kind}/{name}/deployments/{d}`, (x, p) => {
      const body = validated<Body>(x, "deployment");
      const name = p.name as string;
      found(ctx.state.endpoints.get(key(name)), `endpoint ${name}`);
      checkDeploymentRefs(ctx, kind, body.properties);
      const at = `${key(name)}/deployments/${p.d}`;
      const previous = ctx.state.endpoints.get(at);
      const r = ctx.state.resource(
        `${ctx.wsId}/${at}`,
        `${ARM_TYPE[kind]}/deployments`,
        p.d as string,
        { ...body.properties, provisioningState: "Succeeded" },
        previous,
      );
      Object.assign(r, { location: body.location, tags: body.tags ?? {}, ...(body.sku ? { sku: body.sku } : {}) });
      ctx.state.endpoints.set(at, r);
      // The operation ends when the deployment's scoring processes are up, or failed to load the model.
      const outcome = kind === "onlineEndpoints" ? host.refresh(name).then(() => host.failure(name, p.d as string)) : undefined;
      accepted(ctx, x, r, !previous, outcome);
    }),
  ];
}

/** Online and batch endpoints with their deployments; online ones are served for real (see EndpointHost). */
export function allEndpointRoutes(ctx: EmulatorContext, host: EndpointHost): Route[] {
  return [...endpointRoutes(ctx, host, "onlineEndpoints"), ...endpointRoutes(ctx, host, "batchEndpoints")];
}
