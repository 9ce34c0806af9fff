/** Machines for a step on Azure (Azure's `resources`); local runs use one process. */
export interface StepResources {
  /** How many machines (nodes) run the step. */
  instanceCount?: number;
  /** The VM size, e.g. `Standard_NC6`. */
  instanceType?: string;
  /** Shared memory of the container, e.g. `"8g"`. */
  shmSize?: string;
}

/** Distributed PyTorch or MPI training: processes per machine. */
export interface ProcessDistribution {
  /** `pytorch` or `mpi`. */
  type: "pytorch" | "mpi";
  /** Processes started on each machine. */
  processCountPerInstance?: number;
}

/** Distributed TensorFlow training: workers and parameter servers. */
export interface TensorFlowDistribution {
  /** `tensorflow`. */
  type: "tensorflow";
  /** Worker processes. */
  workerCount?: number;
  /** Parameter servers. */
  parameterServerCount?: number;
}

/** How a distributed training step starts its processes on Azure; refused by local runs. */
export type StepDistribution = ProcessDistribution | TensorFlowDistribution;

/**
 * An interactive service Azure ML opens on a running command job: VS Code, JupyterLab,
 * TensorBoard (on `logDir`) or SSH (with `sshPublicKeys`). Local runs have none.
 */
export interface JobService {
  /** Which service. */
  type: "vs_code" | "jupyter_lab" | "tensor_board" | "ssh";
  /** TensorBoard's log folder, relative to the job's working folder. */
  logDir?: string;
  /** SSH: the public key(s) allowed in. */
  sshPublicKeys?: string;
  /** On every machine of a distributed job, not only the first. */
  nodes?: "all";
  /** The port the service listens on. */
  port?: number;
  /** Further settings, passed to Azure as they are. */
  properties?: Readonly<Record<string, string>>;
}
