import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EmulatorContext } from "./context.ts";
import type { MlflowRun } from "./state.ts";

interface TrialRecord {
  iteration: number;
  status: string;
  algorithm: string;
  hyperparameters: unknown;
  metrics?: Record<string, number>;
  duration_seconds: number;
  error?: string;
}

interface MetricsDoc {
  task: string;
  primary_metric: string;
  goal: string;
  validation: string;
  featurization: string;
  best_iteration: number | null;
  stopped_because: string | null;
  iterations: TrialRecord[];
}

const tags = (r: Record<string, string | null | undefined>) =>
  Object.entries(r)
    .filter((e): e is [string, string] => e[1] !== null && e[1] !== undefined)
    .map(([key, value]) => ({ key, value }));

/**
 * AutoML on Azure reports to run history, not to a file: the AutoML step's run gets the
 * experiment's settings as tags and each trial becomes a child MLflow run with its metrics.
 */
export function recordAutoML(ctx: EmulatorContext, experiment: string, runId: string, doc: MetricsDoc): void {
  const experimentId = ctx.state.experimentId(experiment);
  const started = Date.now();
  const trialId = (i: number) => `${runId}_${i}`;
  for (const t of doc.iterations) {
    const run: MlflowRun = {
      info: {
        run_id: trialId(t.iteration),
        experiment_id: experimentId,
        status: t.status === "completed" ? "FINISHED" : "FAILED",
        start_time: started,
        end_time: started + Math.round(t.duration_seconds * 1000),
      },
      data: {
        metrics: Object.entries(t.metrics ?? {}).map(([key, value]) => ({ key, value })),
        params: [],
        tags: tags({
          "mlflow.parentRunId": runId,
          iteration: String(t.iteration),
          run_algorithm: t.algorithm,
          hyperparameters: JSON.stringify(t.hyperparameters),
          error: t.error,
        }),
      },
    };
    ctx.state.mlflowRuns.set(run.info.run_id, run);
  }
  ctx.state.mlflowRuns.set(runId, {
    info: { run_id: runId, experiment_id: experimentId, status: "FINISHED", start_time: started, end_time: Date.now() },
    data: {
      metrics: [],
      params: [],
      tags: tags({
        task_type: doc.task,
        primary_metric: doc.primary_metric,
        goal: doc.goal,
        validation: doc.validation,
        featurization: doc.featurization,
        stopped_because: doc.stopped_because,
        automl_best_child_run_id: doc.best_iteration === null ? null : trialId(doc.best_iteration),
      }),
    },
  });
}

/** Models the register step wrote become workspace model versions (what MLflow registration does on Azure). */
export function importModels(ctx: EmulatorContext, registryDir: string, jobName: string): void {
  const root = join(registryDir, "models");
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    for (const version of readdirSync(join(root, name)).filter((v) => /^\d+$/.test(v))) {
      const key = `models/${name}/versions/${version}`;
      const file = join(root, name, version, "model.json");
      if (ctx.state.assets.has(key) || !existsSync(file)) continue;
      const m = JSON.parse(readFileSync(file, "utf8")) as {
        description?: string;
        tags?: Record<string, string>;
        lineage?: Record<string, string>;
        metric?: { name: string; value: number } | null;
      };
      const properties = {
        ...(m.lineage ?? {}),
        ...(m.metric ? { metric_name: m.metric.name, metric_value: String(m.metric.value) } : {}),
        sluice_job: jobName,
      };
      ctx.state.assets.set(
        key,
        ctx.state.resource(`${ctx.wsId}/${key}`, "Microsoft.MachineLearningServices/workspaces/models/versions", version, {
          modelType: "mlflow_model",
          modelUri: `azureml://jobs/${jobName}/outputs/artifacts/paths/model/`,
          description: m.description ?? "",
          tags: m.tags ?? {},
          properties,
          isAnonymous: false,
          isArchived: false,
        }),
      );
      if (!ctx.state.assets.has(`models/${name}`))
        ctx.state.assets.set(
          `models/${name}`,
          ctx.state.resource(`${ctx.wsId}/models/${name}`, "Microsoft.MachineLearningServices/workspaces/models", name, {}),
        );
    }
  }
}
