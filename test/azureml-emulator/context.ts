import type { EmulatorState, Resource } from "./state.ts";

/** Azurite (or any blob endpoint) the emulated workspace's default datastore lives in. */
export interface StorageAccount {
  /** `http://127.0.0.1:<port>/devstoreaccount1` for Azurite. */
  endpoint: string;
  account: string;
  key: string;
  container: string;
}

/** What route handlers share: state, addresses, and the hooks into job execution. */
export interface EmulatorContext {
  state: EmulatorState;
  url: string;
  wsId: string;
  storage: StorageAccount;
  computes: string[];
  /** The fixed SAS signature log URLs carry (so tests can prove it never leaks). */
  logSas: string;
  checkComponentRefs(spec: { type?: string; code?: string; jobs?: Record<string, unknown> }): void;
  checkJobRefs(properties: { computeId?: string; jobs: Record<string, unknown>; settings: Record<string, unknown> }): void;
  startJob(job: Resource): void;
  cancelJob(job: Resource): void;
}
