import { is, isPlainObject, object, oneOf, type Shape, text } from "../core/option-checks.ts";
import type { SparkConfIR } from "../ir/spark-schema.ts";

/**
 * Spark configuration as Azure's `conf` holds it. The driver and executor settings Azure ML
 * requires are named; any other `spark.*` key passes through as written.
 */
export interface SparkConf {
  /** Cores of the driver. */
  "spark.driver.cores"?: number;
  /** With a unit: `"2g"`, `"512m"`. */
  "spark.driver.memory"?: string;
  /** Cores of each executor. */
  "spark.executor.cores"?: number;
  /** Memory of each executor, with a unit. */
  "spark.executor.memory"?: string;
  /** Executors started; required unless dynamic allocation is enabled (then it defaults to the minimum). */
  "spark.executor.instances"?: number;
  /** Let Spark add and remove executors between the two bounds. */
  "spark.dynamicAllocation.enabled"?: boolean;
  /** Fewest executors under dynamic allocation (at least 1). */
  "spark.dynamicAllocation.minExecutors"?: number;
  /** Most executors under dynamic allocation. */
  "spark.dynamicAllocation.maxExecutors"?: number;
  [key: string]: string | number | boolean | undefined;
}

/** Serverless Spark's machines: `instanceType` (`standard_e4s_v3` … `standard_e64s_v3`) and the Spark `runtimeVersion` (`"3.4"`). */
export interface SparkResources {
  /** The machine size, e.g. `standard_e4s_v3`. */
  instanceType: string;
  /** The Spark runtime, e.g. `"3.4"`. */
  runtimeVersion?: string;
}

/** Whose identity a Spark job reads and writes data with: the compute's `managed` identity, the submitting user's, or an AML token. */
export type SparkIdentity = "managed" | "user_identity" | "aml_token";

export const confValue = is(
  "an object of strings, numbers and booleans",
  (v) => isPlainObject(v) && Object.values(v).every((x) => x === undefined || ["string", "number", "boolean"].includes(typeof x)),
);

/** How a Spark step runs on Azure, checked at the step. */
export const SPARK_RUN_SETTINGS: Shape = {
  resources: object({ instanceType: { check: text, required: true }, runtimeVersion: { check: text } }),
  identity: { check: oneOf("managed", "user_identity", "aml_token") },
  conf: { check: confValue },
};

/** @internal A configuration as plain values (an optional key left undefined is not a setting). */
export function withoutUndefined(conf: SparkConf): SparkConfIR {
  return Object.fromEntries(Object.entries(conf).filter((e): e is [string, string | number | boolean] => e[1] !== undefined));
}
