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
