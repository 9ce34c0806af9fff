import { SluiceError } from "../errors/sluice-error.ts";
import type { DataPlane } from "./data-plane.ts";

interface MlflowRun {
  info: { run_id: string; status?: string; start_time?: number; end_time?: number };
  data?: { metrics?: Array<{ key: string; value: number }>; params?: Array<{ key: string; value: string }>; tags?: Array<{ key: string; value: string }> };
}

const MINIMIZE = /error|loss/;
const tagsOf = (run: MlflowRun) => Object.fromEntries((run.data?.tags ?? []).map((t) => [t.key, t.value]));

function trialRecord(run: MlflowRun, primary: string): Record<string, unknown> {
  const tags = tagsOf(run);
  const metrics = Object.fromEntries((run.data?.metrics ?? []).map((m) => [m.key, m.value]));
  const completed = run.info.status === "FINISHED";
  const record: Record<string, unknown> = {
    iteration: Number(tags.iteration),
    status: completed ? "completed" : "failed",
    algorithm: tags.run_algorithm ?? null,
    hyperparameters: JSON.parse(tags.hyperparameters ?? "{}"),
    duration_seconds: run.info.start_time !== undefined && run.info.end_time !== undefined ? (run.info.end_time - run.info.start_time) / 1000 : null,
  };
  if (completed) {
    record.metrics = metrics;
    if (metrics[primary] !== undefined) record.primary_metric = { name: primary, value: metrics[primary] };
  } else record.error = tags.error ?? "the trial failed";
  return record;
}

/**
 * AutoML's metrics on Azure live in run history (MLflow tracking): the AutoML step's run carries
 * the experiment's settings as tags, each trial is a child run (`mlflow.parentRunId`) with its
 * algorithm and metrics. Rebuilt into the document a local run writes as `metrics.json`.
 */
export async function automlMetrics(dp: DataPlane, experiment: string, automlRunId: string): Promise<Record<string, unknown>> {
  const found = await dp.mlflow<{ experiment?: { experiment_id: string } }>("GET", `experiments/get-by-name?experiment_name=${encodeURIComponent(experiment)}`);
  const experimentId = found.experiment?.experiment_id;
  if (!experimentId) throw new SluiceError("azure", `experiment ${experiment} has no MLflow tracking record`);
  const parent = await dp.mlflow<{ run: MlflowRun }>("GET", `runs/get?run_id=${encodeURIComponent(automlRunId)}`);
  const trials: MlflowRun[] = [];
  let token: string | undefined;
  do {
    const page = await dp.mlflow<{ runs?: MlflowRun[]; next_page_token?: string }>("POST", "runs/search", {
      experiment_ids: [experimentId],
      filter: `tags.mlflow.parentRunId = '${automlRunId.replace(/'/g, "")}'`,
      max_results: 1000,
      ...(token ? { page_token: token } : {}),
    });
    trials.push(...(page.runs ?? []));
    token = page.next_page_token;
  } while (token);
  const tags = tagsOf(parent.run);
  const primary = tags.primary_metric ?? "";
  const best = trials.find((t) => t.info.run_id === tags.automl_best_child_run_id);
  return {
    task: tags.task_type ?? null,
    primary_metric: primary,
    goal: tags.goal ?? (MINIMIZE.test(primary) ? "minimize" : "maximize"),
    validation: tags.validation ?? null,
    featurization: tags.featurization ?? null,
    best_iteration: best ? Number(tagsOf(best).iteration) : null,
    stopped_because: tags.stopped_because ?? null,
    iterations: trials.map((t) => trialRecord(t, primary)).sort((a, b) => (a.iteration as number) - (b.iteration as number)),
  };
}
