/**
 * Azure ML's naming rules, as the v2 SDK enforces them (azure/ai/ml/_utils/utils.py
 * `is_valid_node_name`, `_schema/core/fields.py`, `_job/_input_output_helpers.py`).
 */
export const NODE_NAME = /^[a-z_][a-z0-9_]*$/;
export const IO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;
/** ARM's asset and job name rule (REST spec `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$`); pipeline names also become file names. */
export const PIPELINE_NAME = EXPERIMENT_NAME;
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
export const COMPUTE_NAME = /^[A-Za-z][A-Za-z0-9-]{1,31}$/;

/**
 * A step's node key: its name lower-cased (Azure node names are lower case; the original
 * spelling is kept as the node's display name).
 */
export function nodeKey(stepName: string): string {
  return stepName.toLowerCase();
}

/** The closest valid identifier, offered in hints. */
export function suggestIdentifier(name: string, lower: boolean): string {
  let s = name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (lower) s = s.toLowerCase();
  if (s === "" || /^[0-9]/.test(s)) s = `step_${s}`;
  return s;
}
