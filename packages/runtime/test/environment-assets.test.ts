// How `sluice deploy` plans an image environment: anonymous and versioned by content without a
// name; under its own name (and the version its author gave) with one, as the SDK registers an
// inline environment with a name; and never silently over another environment's version.
import { describe, expect, it } from "vitest";
import type { EnvironmentSpec } from "@sluice/compiler";
import type { AzureWorkspace } from "../src/azure/arm-client.ts";
import type { BlobStore } from "../src/azure/blob-store.ts";
import { planEnvironment } from "../src/azure/deploy/environment-assets.ts";

const WS = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w";

/** A workspace whose environment versions are the given map (`name:version` → properties). */
function workspace(existing: Record<string, Record<string, unknown>>): { w: AzureWorkspace; asked: string[] } {
  const asked: string[] = [];
  const w = {
    ws: "w",
    rg: "r",
    armId: (path: string) => `${WS}/${path}`,
    tryGet: async <T>(_what: string, op: () => Promise<T>) => op(),
    client: {
      environmentVersions: {
        get: async (_rg: string, _ws: string, name: string, version: string) => {
          asked.push(`${name}:${version}`);
          const found = existing[`${name}:${version}`];
          return found && { properties: found };
        },
      },
    },
  } as unknown as AzureWorkspace;
  return { w, asked };
}

const image = (extra: Partial<Extract<EnvironmentSpec, { kind: "image" }>> = {}): EnvironmentSpec => ({
  id: "x",
  kind: "image",
  image: "python:3.11",
  conda: "dependencies: [pandas]\n",
  version: "a1b2-c3",
  ...extra,
});

describe("an image environment in the deploy plan", () => {
  it("without a name is an anonymous version named by its content", async () => {
    const { w, asked } = workspace({});
    const plan = await planEnvironment(w, image(), {} as BlobStore, "/");
    expect(asked).toEqual(["CliV2AnonymousEnvironment:a1b2c3"]);
    expect(plan.reference).toBe(`azureml:${WS}/environments/CliV2AnonymousEnvironment/versions/a1b2c3`);
    expect(plan.change).toMatchObject({ name: "CliV2AnonymousEnvironment", version: "a1b2c3", action: "create" });
    expect(plan.body).toEqual({ properties: { isAnonymous: true, isArchived: false, image: "python:3.11", condaFile: "dependencies: [pandas]\n" } });
  });

  it("with a name is registered under it, with the version its author gave, not anonymously", async () => {
    const { w, asked } = workspace({});
    const plan = await planEnvironment(w, image({ name: "prep-env", version: "1" }), {} as BlobStore, "/");
    expect(asked).toEqual(["prep-env:1"]);
    expect(plan.reference).toBe(`azureml:${WS}/environments/prep-env/versions/1`);
    expect(plan.change).toMatchObject({ name: "prep-env", version: "1", action: "create" });
    expect((plan.body as { properties: { isAnonymous: boolean } }).properties.isAnonymous).toBe(false);
  });

  it("sends nothing when the named version exists with the same content", async () => {
    const { w } = workspace({ "prep-env:1": { image: "python:3.11", condaFile: "dependencies: [pandas]\n" } });
    const plan = await planEnvironment(w, image({ name: "prep-env", version: "1" }), {} as BlobStore, "/");
    expect(plan.change.action).toBe("unchanged");
    expect(plan.body).toBeUndefined();
  });

  it("refuses a named version that exists with other content, in one message with a hint", async () => {
    const { w } = workspace({ "prep-env:1": { image: "python:3.10" } });
    await expect(planEnvironment(w, image({ name: "prep-env", version: "1" }), {} as BlobStore, "/")).rejects.toMatchObject({
      message: "environment prep-env:1 already exists in workspace w with another image or conda file",
      hint: "give it a new version, or leave version out to version it by its content",
    });
  });
});
