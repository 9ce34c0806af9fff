import { enforceOptions } from "../core/builder-context.ts";
import { either, type Field, kindOf, object, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { EnvironmentIR } from "../ir/schema.ts";

/** Where a step's Python runs: a registered environment, or a docker image plus a conda file. */
export interface Environment {
  /** @internal */
  readonly kind: "environment";
  /** @internal */
  readonly ir: EnvironmentIR;
}

/** The name (and version) an image or build environment is registered under; anonymous without one. */
export interface EnvironmentName {
  /** Register it under this name in the workspace. */
  name?: string;
  /** Its version; without one, a version derived from its content. */
  version?: string;
}

const named = (spec: EnvironmentName) => ({
  ...(spec.name !== undefined ? { name: spec.name } : {}),
  ...(spec.version !== undefined ? { version: spec.version } : {}),
});

/** @internal */
export const ENVIRONMENT_FIELD: Field = { check: kindOf("environment", "environment(...)") };

/** The curated environment the walkthrough uses; steps without `environment` get it. */
export const DEFAULT_ENVIRONMENT = "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1";

/**
 * Where a step's Python runs on Azure: a registered environment by `"name:version"`, by
 * `"name@latest"` (pinned to the newest version at deploy time, and printed), a registry
 * environment by URI (`"azureml://registries/azureml/environments/sklearn-1.5/labels/latest"`,
 * resolved by Azure), or a docker
 * `image` plus an optional conda file (relative to the pipeline file), registered by content, or
 * a Docker `build` context folder (with its `dockerfile`, default `Dockerfile`), uploaded and
 * registered by content for Azure to build. An image or build environment given a `name` (and a
 * `version`, else one derived from its content) is registered under that name rather than
 * anonymously, as the SDK does for an inline environment with a name. Local runs use a Python of
 * this machine that has the step's imports.
 *
 * @example
 * ```ts
 * const sklearn = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");
 * const custom = environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", condaFile: "./env/conda.yml" });
 * const built = environment({ build: "./docker", dockerfile: "Dockerfile" });
 * ```
 */
export function environment(
  spec: string | ({ image: string; condaFile?: string } & EnvironmentName) | ({ build: string; dockerfile?: string } & EnvironmentName),
): Environment {
  const definedAt = captureLocation();
  const isBuild = typeof spec === "object" && spec !== null && "build" in spec;
  const shape = isBuild
    ? object({ build: { check: text, required: true }, dockerfile: { check: text }, name: { check: text }, version: { check: text } })
    : object({ image: { check: text, required: true }, condaFile: { check: text }, name: { check: text }, version: { check: text } });
  enforceOptions(
    "environment",
    { spec },
    { spec: { check: either(text, shape.check), required: true, ...(typeof spec === "string" ? {} : { shape: shape.shape }) } },
    definedAt,
  );
  if (isBuild) {
    const ir: EnvironmentIR = { type: "build", path: spec.build, ...named(spec), definedAt };
    return { kind: "environment", ir: spec.dockerfile === undefined ? ir : { ...ir, dockerfile: spec.dockerfile } };
  }
  if (typeof spec === "object" && spec !== null) {
    const ir: EnvironmentIR = { type: "image", image: spec.image, ...named(spec), definedAt };
    return { kind: "environment", ir: spec.condaFile === undefined ? ir : { ...ir, condaFile: spec.condaFile } };
  }
  if (String(spec).startsWith("azureml://")) return { kind: "environment", ir: { type: "uri", uri: String(spec) } };
  const bare = String(spec).replace(/^azureml:/, "");
  const at = bare.lastIndexOf("@");
  const colon = bare.lastIndexOf(":");
  // `@latest` is pinned to the newest version at deploy time; any other label is passed on for Azure to resolve, as the SDK does.
  if (at > 0 && bare.slice(at + 1) !== "latest")
    return { kind: "environment", ir: { type: "registered", name: bare.slice(0, at), version: "", label: bare.slice(at + 1) } };
  if (at > 0) return { kind: "environment", ir: { type: "registered", name: bare.slice(0, at), version: "latest" } };
  if (colon > 0) return { kind: "environment", ir: { type: "registered", name: bare.slice(0, colon), version: bare.slice(colon + 1) } };
  return { kind: "environment", ir: { type: "registered", name: bare, version: "" } };
}
