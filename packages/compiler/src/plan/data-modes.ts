import type { DataMode } from "@sluice/dsl/ir";

/** The REST enum for each CLI YAML data mode (`rw_mount` → `ReadWriteMount`). */
export const REST_MODE: Record<DataMode, string> = {
  ro_mount: "ReadOnlyMount",
  rw_mount: "ReadWriteMount",
  download: "Download",
  upload: "Upload",
  direct: "Direct",
  eval_mount: "EvalMount",
  eval_download: "EvalDownload",
};
