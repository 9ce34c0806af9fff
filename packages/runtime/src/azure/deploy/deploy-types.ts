/** What deploying one asset or schedule did (or, in a plan, will do). */
export type ChangeAction = "create" | "update" | "unchanged" | "wait";

export interface AssetChange {
  kind: "code" | "data" | "environment" | "component" | "schedule" | "endpoint" | "deployment";
  name: string;
  version?: string;
  action: ChangeAction;
  /** Bytes uploaded (code, data): 0 when the snapshot was already in the datastore. */
  bytes?: number;
  /** Human-readable reason or diff lines (schedules). */
  detail?: string[];
}

/** `latest` references pinned at deploy time, printed so reviewers see what a schedule will run. */
export interface PinnedReference {
  what: string;
  from: string;
  to: string;
}
