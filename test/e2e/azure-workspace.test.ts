import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { redact } from "../../packages/runtime/src/azure/credentials.ts";
import { resolveWorkspace } from "../../packages/runtime/src/azure/workspace-config.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-ws-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SUB = "0b6e4d2c-1111-4222-8333-444455556666";
const project = join(root, "repo", "pipelines", "nested");
mkdirSync(project, { recursive: true });

describe("which workspace", () => {
  it("is none when nothing names one (the CLI then runs locally)", () => {
    expect(resolveWorkspace({}, {}, project)).toBeUndefined();
  });

  it("reads .azureml/config.json found by walking up from the pipeline file", () => {
    mkdirSync(join(root, "repo", ".azureml"), { recursive: true });
    writeFileSync(
      join(root, "repo", ".azureml", "config.json"),
      JSON.stringify({ subscription_id: SUB, resource_group: "rg-1", workspace_name: "ws-from-file", friendly_name: "x" }),
    );
    expect(resolveWorkspace({}, {}, project)).toEqual({
      subscriptionId: SUB,
      resourceGroup: "rg-1",
      workspaceName: "ws-from-file",
      source: join(root, "repo", ".azureml", "config.json"),
    });
  });

  it("prefers the environment over the file, and flags over both", () => {
    const env = { AZURE_SUBSCRIPTION_ID: SUB, AZURE_RESOURCE_GROUP: "rg-env", AZUREML_WORKSPACE_NAME: "ws-env" };
    expect(resolveWorkspace({}, env, project)).toMatchObject({ workspaceName: "ws-env", source: "environment" });
    expect(resolveWorkspace({ workspace: "ws-flag" }, env, project)).toMatchObject({ workspaceName: "ws-flag", resourceGroup: "rg-env", source: "flags" });
  });

  it("names the source and the key when a value is missing or malformed", () => {
    expect(() => resolveWorkspace({}, { AZUREML_WORKSPACE_NAME: "ws", AZURE_SUBSCRIPTION_ID: SUB }, project)).toThrow(
      "workspace from environment: AZURE_RESOURCE_GROUP is missing",
    );
    expect(() => resolveWorkspace({ workspace: "w" }, { AZURE_SUBSCRIPTION_ID: SUB, AZURE_RESOURCE_GROUP: "rg" }, project)).toThrow(
      "workspace from flags: --workspace must be a workspace name",
    );
    const other = join(root, "other");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "config.json"), JSON.stringify({ subscription_id: "nope", resource_group: "rg", workspace_name: "ws-1" }));
    expect(() => resolveWorkspace({}, {}, other)).toThrow(`workspace from ${join(other, "config.json")}: subscription_id must be a subscription GUID`);
  });

  it("ignores a config.json that is not a workspace's", () => {
    const app = join(root, "app");
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, "config.json"), JSON.stringify({ port: 8080 }));
    expect(resolveWorkspace({}, {}, app)).toBeUndefined();
  });
});

describe("redact", () => {
  it("removes SAS signatures, bearer tokens, account keys and known secrets", () => {
    const text =
      "GET https://a.blob.core.windows.net/c/b?sv=2021&sig=abc%2Fdef&se=2099 Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.x.y AccountKey=Zm9vYmFy; secret-key-123456";
    expect(redact(text, ["secret-key-123456"])).toBe(
      "GET https://a.blob.core.windows.net/c/b?sv=REDACTED&sig=REDACTED&se=REDACTED Authorization: Bearer REDACTED AccountKey=REDACTED; REDACTED",
    );
  });
});

describe("npm run azureml-emulator", () => {
  it("is wired to the emulator and explains its flags when the blob endpoint is missing", () => {
    const r = spawnSync("npm", ["run", "-s", "azureml-emulator"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: azureml-emulator --blob-endpoint <azurite blob url> [--port p] [--request-log file]");
  });
});
