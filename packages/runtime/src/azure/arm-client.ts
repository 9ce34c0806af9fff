import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { SluiceError } from "../errors/sluice-error.ts";
import { redact, type AzureEndpoints } from "./credentials.ts";
import type { WorkspaceRef } from "./workspace-config.ts";

/** Retries for 429/5xx/dropped connections; the SDK's policies honour `Retry-After`. */
export const RETRY_OPTIONS = { maxRetries: 6, retryDelayInMs: 400, maxRetryDelayInMs: 30_000 };

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message: string;
}

function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && (error.name === "RestError" || "statusCode" in error);
}

/** One workspace, reached through `@azure/arm-machinelearning` (api-version 2022-10-01). */
export class AzureWorkspace {
  readonly client: AzureMachineLearningWorkspaces;
  readonly ref: WorkspaceRef;
  readonly endpoints: AzureEndpoints;
  /** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}` */
  readonly id: string;
  /** How LROs are polled: quickly against the emulator, ARM's own pace otherwise. */
  readonly pollMs: number;

  constructor(ref: WorkspaceRef, endpoints: AzureEndpoints) {
    this.ref = ref;
    this.endpoints = endpoints;
    this.id = `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ref.workspaceName}`;
    this.pollMs = endpoints.emulated ? 100 : 2000;
    this.client = new AzureMachineLearningWorkspaces(endpoints.credential, ref.subscriptionId, {
      endpoint: endpoints.arm,
      $host: endpoints.arm,
      retryOptions: RETRY_OPTIONS,
      userAgentOptions: { userAgentPrefix: "sluice" },
    });
  }

  get rg(): string {
    return this.ref.resourceGroup;
  }

  get ws(): string {
    return this.ref.workspaceName;
  }

  /** An ARM id under the workspace, e.g. `armId("computes/cpu-cluster")`. */
  armId(path: string): string {
    return `${this.id}/${path}`;
  }

  /** Calls ARM; a refusal becomes one readable line naming what was being done (no secrets). */
  async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw azureError(what, error);
    }
  }

  /** Like `call`, but a 404 is an answer (undefined), not an error. */
  async tryGet<T>(what: string, operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return undefined;
      throw azureError(what, error);
    }
  }
}

export function azureError(what: string, error: unknown): SluiceError {
  if (error instanceof SluiceError) return error;
  if (isRestError(error)) {
    const status = error.statusCode ? `${error.statusCode}${error.code ? ` ${error.code}` : ""}` : (error.code ?? "network error");
    const hint =
      error.statusCode === 401 || error.statusCode === 403
        ? "sign in with `az login` (or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET) and check your role on the workspace"
        : undefined;
    return new SluiceError("azure", `Azure refused to ${what}: ${status}: ${redact(firstLine(error.message))}`, { ...(hint ? { hint } : {}) });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/CredentialUnavailable|authenticat/i.test(message)) {
    return new SluiceError("azure", `could not get an Azure token to ${what}: ${redact(firstLine(message))}`, {
      hint: "run `az login`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET",
    });
  }
  return new SluiceError("azure", `could not ${what}: ${redact(firstLine(message))}`);
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.slice(0, 400) ?? "";
}
