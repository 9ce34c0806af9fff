// CLI v2 YAML of endpoints and deployments (`az ml online-endpoint create -f`, `az ml
// online-deployment create -f`, and the batch ones), beside the REST requests.
import type { EndpointSpec, ExecutionPlan, ModelSpec } from "../plan/execution-plan.ts";
import { relativePlan } from "../plan/relative-plan.ts";
import { environmentValue } from "./cli-yaml.ts";
import { toYaml } from "./yaml-text.ts";

const SCHEMA = "https://azuremlschemas.azureedge.net/latest";
type Online = Extract<EndpointSpec, { type: "online" }>;
type Batch = Extract<EndpointSpec, { type: "batch" }>;
type Deployment = Online["deployments"][number] | Batch["deployments"][number];

/** One YAML file to write: its name (`<endpoint>.endpoint.yml`, `<endpoint>.<deployment>.deployment.yml`) and text. */
export interface EndpointYaml {
  file: string;
  text: string;
}

const modelRef = (m: ModelSpec) => (m.version === "latest" ? `azureml:${m.name}@latest` : `azureml:${m.name}:${m.version}`);

function scoring(plan: ExecutionPlan, d: Deployment): Record<string, unknown> {
  if (!d.scoring) return {};
  const code = plan.codeSnapshots.find((c) => c.id === d.scoring?.code)?.path;
  const environments = new Map(plan.environments.map((e) => [e.id, e]));
  return {
    code_configuration: { code, scoring_script: d.scoring.script },
    environment: environmentValue({ environments }, d.scoring.environment),
  };
}

function probe(p: Online["deployments"][number]["livenessProbe"]) {
  return (
    p && {
      initial_delay: p.initialDelaySeconds,
      period: p.periodSeconds,
      timeout: p.timeoutSeconds,
      failure_threshold: p.failureThreshold,
      success_threshold: p.successThreshold,
    }
  );
}

function online(plan: ExecutionPlan, e: Online): EndpointYaml[] {
  const endpoint = {
    $schema: `${SCHEMA}/managedOnlineEndpoint.schema.json`,
    name: e.name,
    auth_mode: e.authMode,
    description: e.description,
    tags: Object.keys(e.tags).length ? e.tags : undefined,
    traffic: Object.fromEntries(e.deployments.map((d) => [d.name, d.traffic])),
  };
  const deployments = e.deployments.map((d) => {
    const r = d.requestSettings;
    return {
      file: `${e.name}.${d.name}.deployment.yml`,
      text: toYaml({
        $schema: `${SCHEMA}/managedOnlineDeployment.schema.json`,
        name: d.name,
        endpoint_name: e.name,
        model: modelRef(d.model),
        ...scoring(plan, d),
        instance_type: d.instanceType,
        instance_count: d.instanceCount,
        request_settings: r && {
          request_timeout_ms: r.requestTimeoutMs,
          max_concurrent_requests_per_instance: r.maxConcurrentRequestsPerInstance,
          max_queue_wait_ms: r.maxQueueWaitMs,
        },
        liveness_probe: probe(d.livenessProbe),
        readiness_probe: probe(d.readinessProbe),
        environment_variables: d.environmentVariables,
      }),
    };
  });
  return [{ file: `${e.name}.endpoint.yml`, text: toYaml(endpoint) }, ...deployments];
}

function batch(plan: ExecutionPlan, e: Batch): EndpointYaml[] {
  const endpoint = {
    $schema: `${SCHEMA}/batchEndpoint.schema.json`,
    name: e.name,
    description: e.description,
    tags: Object.keys(e.tags).length ? e.tags : undefined,
    defaults: e.defaultDeployment ? { deployment_name: e.defaultDeployment } : undefined,
  };
  const deployments = e.deployments.map((d) => ({
    file: `${e.name}.${d.name}.deployment.yml`,
    text: toYaml({
      $schema: `${SCHEMA}/batchDeployment.schema.json`,
      name: d.name,
      endpoint_name: e.name,
      model: modelRef(d.model),
      ...scoring(plan, d),
      compute: `azureml:${d.compute}`,
      resources: { instance_count: d.instanceCount },
      max_concurrency_per_instance: d.maxConcurrencyPerInstance,
      mini_batch_size: d.miniBatchSize,
      output_action: d.outputAction,
      output_file_name: d.outputFileName,
      error_threshold: d.errorThreshold,
      retry_settings: d.retry && { max_retries: d.retry.maxRetries, timeout: d.retry.timeoutSeconds },
      logging_level: d.loggingLevel,
      environment_variables: d.environmentVariables,
    }),
  }));
  return [{ file: `${e.name}.endpoint.yml`, text: toYaml(endpoint) }, ...deployments];
}

/** The plan's endpoints and deployments as CLI v2 YAML files, paths relative to `baseDir` (the folder they are written to). */
export function emitEndpointYamls(model: ExecutionPlan, baseDir: string): EndpointYaml[] {
  const plan = relativePlan(model, baseDir);
  return (plan.endpoints ?? []).flatMap((e) => (e.type === "online" ? online(plan, e) : batch(plan, e)));
}
