import PQueue from "p-queue";
import type { EndpointSpec } from "@sluice/compiler";
import type { RunSpec } from "../../backends/run-spec.ts";
import type { AzureWorkspace } from "../arm-client.ts";
import type { BlobStore } from "../blob-store.ts";
import { applyCode, describeCode, planCode, type CodePlan } from "./code-assets.ts";
import { applyComponent, describeComponent, planComponent, planPipelineComponent, type ComponentPlan } from "./component-assets.ts";
import { applyData, dataKey, describeData, localData, planData, type DataPlan } from "./data-assets.ts";
import type { AssetChange, PinnedReference } from "./deploy-types.ts";
import { applyEnvironment, planEnvironment, type EnvironmentPlan } from "./environment-assets.ts";
import { dataRef, liveDataNotes, resolvedJobProperties } from "./job-body.ts";
import { applySchedule, planSchedule, type SchedulePlan } from "./schedule-assets.ts";
import { applyEndpoint, type EndpointAssetIds, type EndpointPlan, planEndpoint } from "./endpoint-assets.ts";

/** Everything a deploy will do, found with reads only (GETs and one HEAD per snapshot). */
export interface DeployPlan {
  codes: CodePlan[];
  /** Local data the job reads, uploaded and registered as data asset versions. */
  data: DataPlan[];
  environments: EnvironmentPlan[];
  components: ComponentPlan[];
  schedules: SchedulePlan[];
  pinned: PinnedReference[];
  notes: string[];
  componentIds: Map<string, string>;
  /** Absolute local path → the ARM id of its data asset version. */
  dataIds: Map<string, string>;
  /** Code snapshot id → code version ARM id; environment id → its reference (a sweep job's trial names both). */
  codeIds: Map<string, string>;
  environmentRefs: Map<string, string>;
  /** The pipeline's endpoints, planned after the assets they name (empty for a plain run). */
  endpoints: EndpointPlan[];
}

/** Asset requests run a few at a time; ARM throttles bursts per subscription. */
const CONCURRENCY = 8;

export async function planDeploy(
  w: AzureWorkspace,
  store: BlobStore,
  spec: RunSpec,
  options: { schedules: boolean; params: Record<string, string> },
): Promise<DeployPlan> {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  const [codes, environments, data] = await Promise.all([
    Promise.all(spec.plan.codeSnapshots.map((s) => queue.add(() => planCode(w, store, s, spec.baseDir)))),
    Promise.all(spec.plan.environments.map((e) => queue.add(() => planEnvironment(w, e, store, spec.baseDir)))),
    Promise.all(localData(spec.plan, spec.baseDir).map((d) => queue.add(() => planData(w, store, d)))),
  ]);
  const dataIds = new Map(data.map((d) => [dataKey(d.data), d.armId]));
  const codeIds = new Map(codes.map((c) => [c.snapshot.id, c.armId]));
  const envRefs = new Map(environments.map((e) => [e.spec.id, e.reference]));
  // A standalone job's trial is sent as a command (its code and environment), not as a component.
  const registered = spec.plan.pipeline.job === undefined ? spec.plan.components : [];
  const components = await Promise.all(
    registered.map((c) =>
      queue.add(() => planComponent(w, c, c.code === undefined ? undefined : codeIds.get(c.code), envRefs.get(c.environment) ?? c.environment)),
    ),
  );
  const componentIds = new Map(components.map((c) => [c.component.placeholder, c.armId]));
  // In plan order: a pipeline component's inner pipeline components come first and are known by then.
  for (const c of spec.plan.pipelineComponents ?? []) {
    const planned = await planPipelineComponent(w, c, componentIds, dataRef(spec, dataIds));
    componentIds.set(c.placeholder, planned.armId);
    components.push(planned);
  }
  const refs = { codeIds, environmentRefs: envRefs };
  const jobProperties = resolvedJobProperties(spec, w, { componentIds, dataIds, ...refs, params: options.params, force: false });
  const schedules = options.schedules ? await Promise.all(spec.plan.schedules.map((s) => queue.add(() => planSchedule(w, s, jobProperties)))) : [];
  const endpoints = options.schedules ? await planEndpoints(w, spec.plan.endpoints ?? [], refs) : [];
  const pinned = [...environments, ...components].flatMap((e) => (e.pinned ? [e.pinned] : []));
  return { codes, data, environments, components, schedules, pinned, notes: liveDataNotes(spec), componentIds, dataIds, ...refs, endpoints };
}

/** What the plan will do, asset by asset (for printing and `--dry-run --json`). */
export function planChanges(plan: DeployPlan): AssetChange[] {
  return [
    ...plan.codes.map(describeCode),
    ...plan.data.map(describeData),
    ...plan.environments.map((e) => e.change),
    ...plan.components.map(describeComponent),
    ...plan.schedules.map((s) => s.change),
    ...plan.endpoints.flatMap((e) => e.changes),
  ];
}

/** The endpoints' rollouts, against the workspace's location. */
export async function planEndpoints(w: AzureWorkspace, endpoints: readonly EndpointSpec[], ids: EndpointAssetIds): Promise<EndpointPlan[]> {
  if (endpoints.length === 0) return [];
  const location = (await w.call(`read workspace ${w.ws}`, () => w.client.workspaces.get(w.rg, w.ws))).location ?? "";
  return Promise.all(endpoints.map((e) => planEndpoint(w, e, ids, location)));
}

/**
 * Applies a plan: code, data and environments first, then components (they name both), then
 * schedules (they name components), then endpoints. Each step is idempotent, so a killed deploy re-run converges.
 */
export async function applyDeploy(w: AzureWorkspace, store: BlobStore, plan: DeployPlan): Promise<AssetChange[]> {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  const first = await Promise.all([
    ...plan.codes.map((c) => queue.add(() => applyCode(w, store, c))),
    ...plan.data.map((d) => queue.add(() => applyData(w, store, d))),
    ...plan.environments.map((e) => queue.add(() => applyEnvironment(w, e, store))),
  ]);
  // Command components first, then pipeline components in plan order (each names the ones before it).
  const components = await Promise.all(plan.components.filter((c) => c.kind === "command").map((c) => queue.add(() => applyComponent(w, c))));
  for (const c of plan.components.filter((x) => x.kind === "pipeline")) components.push(await applyComponent(w, c));
  const schedules = await Promise.all(plan.schedules.map((s) => queue.add(() => applySchedule(w, s))));
  // Endpoints last: their deployments name the code and environments uploaded above.
  const endpoints = await Promise.all(plan.endpoints.map((e) => queue.add(() => applyEndpoint(w, e))));
  return [...first, ...components, ...schedules, ...endpoints.flat()];
}
