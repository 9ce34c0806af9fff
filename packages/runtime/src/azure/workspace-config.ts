import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as z from "zod";
import { jitlessZod } from "../config/zod-mode.ts";
import { SluiceError } from "../errors/sluice-error.ts";

/** Which Azure ML workspace to talk to, and where that was decided (named in errors). */
export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  source: string;
}

export interface WorkspaceFlags {
  subscription?: string;
  resourceGroup?: string;
  workspace?: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const Ref = z.strictObject({
  subscription_id: z.string().regex(GUID, "must be a subscription GUID"),
  resource_group: z.string().regex(/^[-\w._()]{1,90}$/, "must be a resource group name (letters, digits, -_.())"),
  workspace_name: z.string().regex(/^[A-Za-z0-9][\w-]{2,32}$/, "must be a workspace name (3–33 letters, digits, - and _)"),
});
/** `Workspace.from_config()`'s file; extra keys (e.g. `friendly_name`) are allowed there. */
const ConfigFile = Ref.extend({}).loose();

function parse(raw: Record<string, unknown>, source: string, keys: Record<string, string>): WorkspaceRef {
  jitlessZod();
  const parsed = (source.endsWith(".json") ? ConfigFile : Ref).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? "");
    const shown = keys[key] ?? key;
    const message = issue?.code === "invalid_type" && raw[key] === undefined ? "is missing" : `${issue?.message}`;
    throw new SluiceError("usage", `workspace from ${source}: ${shown} ${message}`, {
      hint: "set all three of subscription, resource group and workspace name in one place",
    });
  }
  return { subscriptionId: parsed.data.subscription_id, resourceGroup: parsed.data.resource_group, workspaceName: parsed.data.workspace_name, source };
}

/** The nearest `config.json` / `.azureml/config.json` from `startDir` upwards. */
export function findWorkspaceConfig(startDir: string): string | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, "config.json"), join(dir, ".azureml", "config.json")]) {
      if (existsSync(candidate) && looksLikeWorkspaceConfig(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function looksLikeWorkspaceConfig(file: string): boolean {
  if (file.endsWith(join(".azureml", "config.json"))) return true;
  try {
    const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof raw === "object" && raw !== null && ("workspace_name" in raw || "subscription_id" in raw);
  } catch {
    return false;
  }
}

/**
 * Flags, then `AZURE_SUBSCRIPTION_ID`/`AZURE_RESOURCE_GROUP`/`AZUREML_WORKSPACE_NAME`, then the
 * config file `Workspace.from_config()` reads, walking up from the pipeline file. Undefined when
 * none is set: the caller runs locally. A partial or malformed source is an error naming it.
 */
export function resolveWorkspace(flags: WorkspaceFlags, env: NodeJS.ProcessEnv, startDir: string): WorkspaceRef | undefined {
  const flagValues = { subscription_id: flags.subscription, resource_group: flags.resourceGroup, workspace_name: flags.workspace };
  if (Object.values(flagValues).some((v) => v !== undefined)) {
    return parse(withEnvDefaults(flagValues, env), "flags", {
      subscription_id: "--subscription",
      resource_group: "--resource-group",
      workspace_name: "--workspace",
    });
  }
  const envValues = { subscription_id: env.AZURE_SUBSCRIPTION_ID, resource_group: env.AZURE_RESOURCE_GROUP, workspace_name: env.AZUREML_WORKSPACE_NAME };
  if (envValues.workspace_name !== undefined) {
    return parse(envValues, "environment", {
      subscription_id: "AZURE_SUBSCRIPTION_ID",
      resource_group: "AZURE_RESOURCE_GROUP",
      workspace_name: "AZUREML_WORKSPACE_NAME",
    });
  }
  const file = findWorkspaceConfig(startDir);
  if (!file) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SluiceError("usage", `workspace from ${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new SluiceError("usage", `workspace from ${file}: expected a JSON object`);
  return parse(raw as Record<string, unknown>, file, {});
}

/** `--workspace` alone is enough when the subscription and group come from the environment. */
function withEnvDefaults(values: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return {
    subscription_id: values.subscription_id ?? env.AZURE_SUBSCRIPTION_ID,
    resource_group: values.resource_group ?? env.AZURE_RESOURCE_GROUP,
    workspace_name: values.workspace_name ?? env.AZUREML_WORKSPACE_NAME,
  };
}
