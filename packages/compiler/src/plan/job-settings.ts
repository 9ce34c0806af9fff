import type { DistributionIR, JobServiceIR, ResourcesIR } from "@sluice/dsl/ir";
import type { CommandNode } from "./execution-plan.ts";

/** Seconds as the ISO 8601 duration the SDK sends (`900` → `PT15M`, `3661` → `PT1H1M1S`). */
export function isoDuration(seconds: number): string {
  // Whole days lead, as Python's isodate writes a timedelta (`86400` → `P1D`, `90000` → `P1DT1H`).
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
  if (d) return `P${d}D${time ? `T${time}` : ""}`;
  return `PT${time || "0S"}`;
}

const DISTRIBUTION_TYPE = { pytorch: "PyTorch", mpi: "Mpi", tensorflow: "TensorFlow" } as const;

/** Resources in the snake_case both YAML and a pipeline node use. */
export function resourcesFields(r: ResourcesIR | undefined): Record<string, unknown> | undefined {
  return r && { instance_count: r.instanceCount, instance_type: r.instanceType, shm_size: r.shmSize };
}

/** A distribution in REST (`distribution_type`) or YAML (`type`) spelling; TensorFlow always states its parameter servers. */
export function distributionFields(d: DistributionIR | undefined, rest: boolean): Record<string, unknown> | undefined {
  if (!d) return undefined;
  const type = rest ? { distribution_type: DISTRIBUTION_TYPE[d.type] } : { type: d.type };
  // The SDK always sends a TensorFlow job's parameter-server count, 0 when none is asked for.
  if (d.type === "tensorflow") return { ...type, worker_count: d.workerCount, parameter_server_count: d.parameterServerCount ?? 0 };
  return { ...type, process_count_per_instance: d.processCountPerInstance };
}

/** A command node's run settings in REST spelling (`rest`) or the CLI YAML's. */
export function jobSettings(node: CommandNode, rest: boolean): Record<string, unknown> {
  const limits =
    node.timeoutSeconds === undefined
      ? undefined
      : rest
        ? { job_limits_type: "Command", timeout: isoDuration(node.timeoutSeconds) }
        : { timeout: node.timeoutSeconds };
  return {
    limits,
    resources: resourcesFields(node.resources),
    distribution: distributionFields(node.distribution, rest),
    environment_variables: node.environmentVariables,
    services: servicesFields(node.services, rest),
  };
}

const SERVICE_TYPE = { jupyter_lab: "JupyterLab", ssh: "SSH", tensor_board: "TensorBoard", vs_code: "VSCode" } as const;

/**
 * Interactive services as a pipeline node sends them (the SDK's snake_case dict: `job_service_type`
 * with REST's names, TensorBoard's folder and SSH's keys among `properties`) or as YAML writes them.
 */
export function servicesFields(services: Record<string, JobServiceIR> | undefined, rest: boolean): Record<string, unknown> | undefined {
  if (!services) return undefined;
  const one = (s: JobServiceIR) => {
    if (!rest) return { type: s.type, log_dir: s.logDir, ssh_public_keys: s.sshPublicKeys, nodes: s.nodes, port: s.port, properties: s.properties };
    const properties = {
      ...s.properties,
      ...(s.logDir !== undefined ? { logDir: s.logDir } : {}),
      ...(s.sshPublicKeys !== undefined ? { sshPublicKeys: s.sshPublicKeys } : {}),
    };
    return {
      job_service_type: SERVICE_TYPE[s.type],
      nodes: s.nodes && { nodes_value_type: "All" },
      port: s.port,
      properties: Object.keys(properties).length ? properties : undefined,
    };
  };
  return Object.fromEntries(Object.entries(services).map(([name, s]) => [name, one(s)]));
}
