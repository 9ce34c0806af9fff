import { captureLocation } from "../core/source-location.ts";
import type { EnvironmentIR } from "../ir/schema.ts";

/** Where a step's Python runs: a registered environment, or a docker image plus a conda file. */
export interface Environment {
  readonly kind: "environment";
  readonly ir: EnvironmentIR;
}

/** The curated environment the walkthrough uses; steps without `environment` get it. */
export const DEFAULT_ENVIRONMENT = "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1";

/**
 * `environment("name:version")`, `environment("name@latest")` (resolved to a concrete version at
 * deploy time), or `environment({ image, condaFile })` with the conda file relative to the
 * pipeline file.
 */
export function environment(spec: string | { image: string; condaFile?: string }): Environment {
  if (typeof spec !== "string") {
    const ir: EnvironmentIR = { type: "image", image: spec.image, definedAt: captureLocation() };
    return { kind: "environment", ir: spec.condaFile === undefined ? ir : { ...ir, condaFile: spec.condaFile } };
  }
  const bare = spec.replace(/^azureml:/, "");
  const at = bare.lastIndexOf("@");
  const colon = bare.lastIndexOf(":");
  if (at > 0) return { kind: "environment", ir: { type: "registered", name: bare.slice(0, at), version: bare.slice(at + 1) } };
  if (colon > 0) return { kind: "environment", ir: { type: "registered", name: bare.slice(0, colon), version: bare.slice(colon + 1) } };
  return { kind: "environment", ir: { type: "registered", name: bare, version: "" } };
}
