import { AzureWorkspace } from "./arm-client.ts";
import { azureEndpoints } from "./credentials.ts";
import { resolveWorkspace, type WorkspaceFlags, type WorkspaceRef } from "./workspace-config.ts";

/** The workspace named by flags, environment or config file (from `startDir` up), if any. */
export async function connectWorkspace(flags: WorkspaceFlags, startDir: string, env: NodeJS.ProcessEnv = process.env): Promise<AzureWorkspace | undefined> {
  const ref = resolveWorkspace(flags, env, startDir);
  return ref ? new AzureWorkspace(ref, await azureEndpoints(env)) : undefined;
}

/** A workspace already resolved (callers that must not load the Azure client before they know there is one). */
export async function connectTo(ref: WorkspaceRef, env: NodeJS.ProcessEnv = process.env): Promise<AzureWorkspace> {
  return new AzureWorkspace(ref, await azureEndpoints(env));
}

/** The workspace an earlier Azure run was submitted to. */
export async function reconnect(ref: Omit<WorkspaceRef, "source">, env: NodeJS.ProcessEnv = process.env): Promise<AzureWorkspace> {
  return new AzureWorkspace({ ...ref, source: "run record" }, await azureEndpoints(env));
}
