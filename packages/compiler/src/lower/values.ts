import type { EnvironmentIR, Literal } from "@sluice/dsl/ir";
import { contentVersion } from "../hash/content-version.ts";

/** Literal values travel as strings, spelled as Python's `str()` would (the SDK's convention). */
export function literalText(value: Literal): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** `azureml:name:version` (or `name@latest`, resolved at deploy time) for registered assets. */
export function assetReference(name: string, version: string): string {
  return version === "latest" ? `azureml:${name}@latest` : `azureml:${name}:${version}`;
}

export function registeredEnvironmentId(env: Extract<EnvironmentIR, { type: "registered" }>): string {
  return env.label !== undefined ? `azureml:${env.name}@${env.label}` : assetReference(env.name, env.version);
}

/** Anonymous environments get a content version, like the SDK's `CliV2AnonymousEnvironment`. */
export function imageEnvironmentVersion(image: string, conda: string | undefined): string {
  return contentVersion({ conda: conda ?? null, image }).replace(/-/g, "");
}
