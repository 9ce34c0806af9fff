import type { EmulatorContext } from "./context.ts";
import { HttpError, route, send, type Route } from "./http.ts";
import type { ChildRun } from "./state.ts";

const WS = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}";

function publicChild(c: ChildRun) {
  return {
    runId: c.runId,
    parentRunId: c.parentRunId,
    displayName: c.displayName,
    status: c.status,
    startTimeUtc: c.startTimeUtc,
    endTimeUtc: c.endTimeUtc,
    properties: c.properties,
    runType: c.runType,
  };
}

function historyRoutes(ctx: EmulatorContext): Route[] {
  const base = `/history/v1.0${WS}`;
  return [
    route("GET", `${base}/runs/{runId}/children`, (x, p) => send(x.res, 200, { value: (ctx.state.children.get(p.runId as string) ?? []).map(publicChild) })),
    route("GET", `${base}/runs/{runId}/details`, (x, p) => {
      const child = ctx.state.childByRunId(p.runId as string);
      const job = ctx.state.jobs.get(p.runId as string);
      if (!child && job) {
        const error = ctx.state.jobErrors.get(job.name);
        const run = ctx.state.jobRuns.get(job.name);
        return send(x.res, 200, {
          runId: job.name,
          status: job.properties.status,
          ...(run ? { properties: run.properties, startTimeUtc: run.startTimeUtc, endTimeUtc: run.endTimeUtc, runType: run.runType } : {}),
          ...(error ? { error: { error: { code: "UserError", message: error } } } : {}),
          logFiles: {},
        });
      }
      if (!child) throw new HttpError(404, "NotFound", `run ${p.runId} not found`);
      send(x.res, 200, {
        runId: child.runId,
        status: child.status,
        ...(child.error ? { error: { error: { code: "UserError", message: child.error } } } : {}),
        logFiles: { "user_logs/std_log.txt": `${ctx.url}/_logs/${child.runId}/std_log.txt?sv=2021-08-06&se=2099-01-01&sr=b&sp=r&sig=${ctx.logSas}` },
      });
    }),
  ];
}

function mlflowRoutes(ctx: EmulatorContext): Route[] {
  const base = `/mlflow/v1.0${WS}/api/2.0/mlflow`;
  return [
    route("GET", `${base}/experiments/get-by-name`, (x) => {
      const name = x.query.get("experiment_name") ?? "";
      const id = ctx.state.experiments.get(name);
      if (!id) throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", `experiment ${name} not found`);
      send(x.res, 200, { experiment: { experiment_id: id, name } });
    }),
    route("GET", `${base}/runs/get`, (x) => {
      const run = ctx.state.mlflowRuns.get(x.query.get("run_id") ?? "");
      if (!run) throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", "run not found");
      send(x.res, 200, { run });
    }),
    route("POST", `${base}/runs/search`, (x) => {
      const body = x.body as { experiment_ids?: string[]; filter?: string };
      const parent = /tags\.mlflow\.parentRunId\s*=\s*'([^']+)'/.exec(body.filter ?? "")?.[1];
      const runs = [...ctx.state.mlflowRuns.values()].filter(
        (r) =>
          (body.experiment_ids ?? []).includes(r.info.experiment_id) &&
          (!parent || r.data.tags.some((t) => t.key === "mlflow.parentRunId" && t.value === parent)),
      );
      send(x.res, 200, { runs });
    }),
  ];
}

/** Discovery, run history and MLflow tracking: the workspace's data plane. */
export function dataPlaneRoutes(ctx: EmulatorContext): Route[] {
  return [
    route("GET", "/discovery", (x) =>
      send(x.res, 200, { api: ctx.url, catalog: ctx.url, experimentation: ctx.url, history: ctx.url, modelmanagement: ctx.url }),
    ),
    route("GET", "/_logs/{runId}/std_log.txt", (x, p) => {
      if (x.query.get("sig") !== ctx.logSas) throw new HttpError(403, "AuthenticationFailed", "bad signature");
      send(x.res, 200, ctx.state.childByRunId(p.runId as string)?.log ?? "");
    }),
    ...historyRoutes(ctx),
    ...mlflowRoutes(ctx),
  ];
}
