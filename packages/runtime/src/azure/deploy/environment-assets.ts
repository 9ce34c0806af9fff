import type { EnvironmentSpec } from "@sluice/compiler";
import { SluiceError } from "../../errors/sluice-error.ts";
import { basename, resolve } from "node:path";
import type { AzureWorkspace } from "../arm-client.ts";
import type { BlobStore } from "../blob-store.ts";
import { applyUpload, planUpload, type UploadPlan } from "./data-assets.ts";
import type { AssetChange, PinnedReference } from "./deploy-types.ts";

const ANONYMOUS_ENV = "CliV2AnonymousEnvironment";
/** Curated environments live in Azure's registry, not the workspace; the SDK passes them through. */
const CURATED = /^AzureML-/;

export interface EnvironmentPlan {
  spec: EnvironmentSpec;
  /** The `environment` value of component specs: `azureml:…`. */
  reference: string;
  change: AssetChange;
  pinned?: PinnedReference;
  body?: Record<string, unknown>;
  /** A Docker build context to upload before the version is created. */
  upload?: UploadPlan;
}

async function newestVersion(w: AzureWorkspace, name: string): Promise<string> {
  const versions = w.client.environmentVersions.list(w.rg, w.ws, name, { orderBy: "createdtime desc", top: 1 });
  const newest = await w.call(`list versions of environment ${name}`, async () => {
    for await (const v of versions) return v.name;
    return undefined;
  });
  if (!newest)
    throw new SluiceError("azure", `environment ${name}@latest: the workspace has no versions of ${name}`, {
      hint: 'register it first, or name a version: environment("name:3")',
    });
  return newest;
}

async function planRegistered(w: AzureWorkspace, spec: Extract<EnvironmentSpec, { kind: "registered" }>): Promise<EnvironmentPlan> {
  if (CURATED.test(spec.name) && spec.version !== "latest" && spec.version !== "") {
    return {
      spec,
      reference: `azureml:${spec.name}:${spec.version}`,
      change: { kind: "environment", name: spec.name, version: spec.version, action: "unchanged", detail: ["curated"] },
    };
  }
  const version = spec.version === "latest" || spec.version === "" ? await newestVersion(w, spec.name) : spec.version;
  const found = await w.tryGet(`read environment ${spec.name}:${version}`, () => w.client.environmentVersions.get(w.rg, w.ws, spec.name, version));
  if (!found)
    throw new SluiceError("azure", `environment ${spec.name}:${version} is not registered in workspace ${w.ws}`, {
      hint: "register it, or use a curated environment such as AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
    });
  const plan: EnvironmentPlan = {
    spec,
    reference: `azureml:${w.armId(`environments/${spec.name}/versions/${version}`)}`,
    change: { kind: "environment", name: spec.name, version, action: "unchanged" },
  };
  if (version !== spec.version) plan.pinned = { what: `environment ${spec.name}`, from: spec.version || "latest", to: version };
  return plan;
}

/** A Docker build context: uploaded by content like code, then an anonymous (or named) version naming it. */
async function planBuild(w: AzureWorkspace, store: BlobStore, spec: Extract<EnvironmentSpec, { kind: "build" }>, baseDir: string): Promise<EnvironmentPlan> {
  const upload = await planUpload(w, store, { path: resolve(baseDir, spec.context), name: "build context", type: "uri_folder" });
  const name = spec.name ?? ANONYMOUS_ENV;
  const found = await w.tryGet(`read environment ${name}:${spec.version}`, () => w.client.environmentVersions.get(w.rg, w.ws, name, spec.version));
  const body = {
    properties: {
      isAnonymous: spec.name === undefined,
      isArchived: false,
      build: { contextUri: `${store.containerUrl}/${upload.prefix}/`, dockerfilePath: spec.dockerfile ?? "Dockerfile" },
    },
  };
  return {
    spec,
    reference: `azureml:${w.armId(`environments/${name}/versions/${spec.version}`)}`,
    change: {
      kind: "environment",
      name,
      version: spec.version,
      action: found ? "unchanged" : "create",
      detail: [`build ${basename(spec.context)}`],
      bytes: found || upload.uploaded ? 0 : upload.files.reduce((n, f) => n + f.size, 0),
    },
    ...(found ? {} : { body, upload }),
  };
}

/**
 * Registered environments are checked (and `@latest` pinned); an image + conda environment
 * becomes an anonymous version whose number is its content (or the version its name was given),
 * created only when missing.
 */
export async function planEnvironment(w: AzureWorkspace, spec: EnvironmentSpec, store: BlobStore, baseDir: string): Promise<EnvironmentPlan> {
  if (spec.kind === "registered") return planRegistered(w, spec);
  // A registry environment: Azure resolves the URI itself.
  if (spec.kind === "reference")
    return { spec, reference: spec.id, change: { kind: "environment", name: spec.id, action: "unchanged", detail: ["resolved by Azure"] } };
  if (spec.kind === "build") return planBuild(w, store, spec, baseDir);
  // A named environment keeps the version its author gave; an anonymous one's is its content.
  const name = spec.name ?? ANONYMOUS_ENV;
  const version = spec.name === undefined ? spec.version.replace(/-/g, "") : spec.version;
  const found = await w.tryGet(`read environment ${name}:${version}`, () => w.client.environmentVersions.get(w.rg, w.ws, name, version));
  const body = { properties: { isAnonymous: spec.name === undefined, isArchived: false, image: spec.image, ...(spec.conda ? { condaFile: spec.conda } : {}) } };
  // A version its author named is immutable in Azure: other content under it is a mistake, not a change.
  const was = (found as { properties?: { image?: string; condaFile?: string } } | undefined)?.properties;
  if (spec.name !== undefined && was && (was.image !== spec.image || (was.condaFile ?? "") !== (spec.conda ?? "")))
    throw new SluiceError("azure", `environment ${name}:${version} already exists in workspace ${w.ws} with another image or conda file`, {
      hint: `give it a new version, or leave version out to version it by its content`,
    });
  return {
    spec,
    reference: `azureml:${w.armId(`environments/${name}/versions/${version}`)}`,
    change: { kind: "environment", name, version, action: found ? "unchanged" : "create", detail: [spec.image] },
    ...(found ? {} : { body }),
  };
}

export async function applyEnvironment(w: AzureWorkspace, plan: EnvironmentPlan, store: BlobStore): Promise<AssetChange> {
  const bytes = plan.upload ? await applyUpload(w, store, plan.upload) : 0;
  if (plan.upload) plan.change = { ...plan.change, bytes };
  if (plan.body && plan.change.version) {
    const { name, version } = plan.change;
    await w.call(`create environment ${name}:${version}`, () => w.client.environmentVersions.createOrUpdate(w.rg, w.ws, name, version, plan.body as never));
  }
  return plan.change;
}
