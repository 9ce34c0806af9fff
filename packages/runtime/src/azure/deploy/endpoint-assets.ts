import { endpointRequests, type EndpointRefs, type EndpointSpec, type ModelSpec } from "@sluice/compiler";
import type { AzureWorkspace } from "../arm-client.ts";
import { armRequest, awaitOperation } from "../raw-arm.ts";
import type { AssetChange, ChangeAction } from "./deploy-types.ts";
import { sentDiff } from "./json-diff.ts";

/** One PUT of an endpoint's rollout, and what it changes. */
interface EndpointStep {
  path: string;
  body: Record<string, unknown>;
  action: ChangeAction;
}

/** An endpoint's rollout: its PUTs in order (unchanged ones skipped), or why it waits. */
export interface EndpointPlan {
  endpoint: EndpointSpec;
  steps: EndpointStep[];
  changes: AssetChange[];
}

/** Where deploy found what the bodies name: uploaded code, registered environments. */
export interface EndpointAssetIds {
  codeIds: Map<string, string>;
  environmentRefs: Map<string, string>;
}

async function readResource(w: AzureWorkspace, path: string): Promise<Record<string, unknown> | undefined> {
  return w.tryGet(`read ${path}`, async () => JSON.parse((await armRequest(w, "GET", path)).bodyAsText ?? "{}") as Record<string, unknown>);
}

/** The ARM id of a model version: the one named, or the newest for `latest`; undefined when there is none yet. */
async function modelId(w: AzureWorkspace, m: ModelSpec): Promise<string | undefined> {
  if (m.version !== "latest")
    return (await readResource(w, `models/${m.name}/versions/${m.version}`)) ? w.armId(`models/${m.name}/versions/${m.version}`) : undefined;
  const page = await w.tryGet(
    `list versions of model ${m.name}`,
    async () =>
      JSON.parse((await armRequest(w, "GET", `models/${m.name}/versions?$orderBy=createdtime%20desc&$top=1`)).bodyAsText ?? "{}") as {
        value?: Array<{ id: string }>;
      },
  );
  return page?.value?.[0]?.id;
}

/**
 * A deployment a deploy step promotes to keeps the version it serves when the pipeline asks for
 * `latest` of the same model: the step decided that version won on held-out data, and a
 * redeploy must not swap in a newer one it refused.
 */
async function promotedModelId(w: AzureWorkspace, endpoint: EndpointSpec, d: EndpointSpec["deployments"][number]): Promise<string | undefined> {
  if (endpoint.type !== "online" || d.model.promotedBy === undefined || d.model.version !== "latest") return undefined;
  const current = await readResource(w, `onlineEndpoints/${endpoint.name}/deployments/${d.name}`);
  const model = String((current?.properties as { model?: unknown } | undefined)?.model ?? "");
  return new RegExp(`/models/${d.model.name.replace(/[.]/g, "\\.")}/versions/[^/]+$`).test(model) ? model : undefined;
}

/** `azureml:name:version` and `azureml:/subscriptions/…` as the ARM id a deployment's environmentId takes. */
function environmentId(w: AzureWorkspace, ref: string): string {
  const [, name, version] = /^azureml:([^/:@]+):([^:@]+)$/.exec(ref) ?? [];
  if (name) return w.armId(`environments/${name}/versions/${version}`);
  return ref.replace(/^azureml:(?=\/)/, "");
}

/** What one deployment's PUT changes: created, or the differences in what Sluice sends. */
async function stepFor(w: AzureWorkspace, path: string, body: Record<string, unknown>): Promise<{ step: EndpointStep; detail: string[] }> {
  const current = await readResource(w, path);
  if (!current) return { step: { path, body, action: "create" }, detail: [] };
  const diff = sentDiff(
    { properties: current.properties, sku: current.sku, tags: current.tags },
    { properties: body.properties, sku: body.sku, tags: body.tags },
  );
  return { step: { path, body, action: diff.length ? "update" : "unchanged" }, detail: diff };
}

/**
 * Plans an endpoint: resolves its models (a `latest` one to the newest version), code and
 * environments; compares each resource with what is deployed. An endpoint whose model has no
 * version yet waits (the run that registers it comes first).
 */
export async function planEndpoint(w: AzureWorkspace, endpoint: EndpointSpec, ids: EndpointAssetIds, location: string): Promise<EndpointPlan> {
  const models = new Map<string, string | undefined>();
  const key = (d: EndpointSpec["deployments"][number]) => `${d.name}/${d.model.name}:${d.model.version}`;
  for (const d of endpoint.deployments) models.set(key(d), (await promotedModelId(w, endpoint, d)) ?? (await modelId(w, d.model)));
  const missing = endpoint.deployments.find((d) => models.get(key(d)) === undefined);
  if (missing) {
    const why = `model ${missing.model.name}${missing.model.version === "latest" ? " has no version" : ` has no version ${missing.model.version}`} in the workspace yet`;
    return { endpoint, steps: [], changes: [{ kind: "endpoint", name: endpoint.name, action: "wait", detail: [`${why}; deployed once a run registers it`] }] };
  }
  const refs: EndpointRefs = {
    location,
    model: (m, deployment) => models.get(`${deployment}/${m.name}:${m.version}`) as string,
    code: (id) => (ids.codeIds.get(id) ?? id).replace(/^azureml:(?=\/)/, ""),
    environment: (id) => environmentId(w, ids.environmentRefs.get(id) ?? id),
    compute: (name) => w.armId(`computes/${name}`),
  };
  const requests = endpointRequests({ endpoints: [endpoint] }, refs);
  const steps: EndpointStep[] = [];
  const changes: AssetChange[] = [];
  // An online endpoint's last PUT sets its traffic; a batch endpoint's first is the endpoint itself.
  const final = endpoint.type === "online" ? requests.at(-1) : requests[0];
  for (const r of requests) {
    const isDeployment = r.path.includes("/deployments/");
    if (!isDeployment && r !== final) {
      // An online endpoint is created without traffic before its deployments exist.
      if (!(await readResource(w, r.path))) steps.push({ path: r.path, body: r.body, action: "create" });
      continue;
    }
    const { step, detail } = await stepFor(w, r.path, r.body);
    steps.push(step);
    const name = isDeployment ? `${endpoint.name}/${r.path.split("/").at(-1)}` : endpoint.name;
    changes.push({ kind: isDeployment ? "deployment" : "endpoint", name, action: step.action, ...(detail.length ? { detail } : {}) });
  }
  // The endpoint first in the listing, as it is first in the rollout.
  return { endpoint, steps, changes: [...changes.filter((c) => c.kind === "endpoint"), ...changes.filter((c) => c.kind === "deployment")] };
}

/** Applies a planned rollout in order, each PUT awaited as the long-running operation it is. */
export async function applyEndpoint(w: AzureWorkspace, plan: EndpointPlan): Promise<AssetChange[]> {
  for (const s of plan.steps) {
    if (s.action === "unchanged") continue;
    await w.call(`deploy ${s.path}`, async () => awaitOperation(w, await armRequest(w, "PUT", s.path, s.body)));
  }
  return plan.changes;
}
