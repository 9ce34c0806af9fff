import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import type { AzureWorkspace } from "./arm-client.ts";

const API_VERSION = "2022-10-01";
/**
 * Jobs and schedules (which hold a job) are sent as 2024-04-01, the stable version that defines
 * Spark jobs and `Direct` outputs; every compiled job body is checked against it (the census).
 */
export const JOB_API_VERSION = "2024-04-01";

/** An ARM error in the shape `azureError` reads. */
class ArmError extends Error {
  readonly statusCode: number;
  readonly code: string | undefined;
  constructor(status: number, body: string) {
    let parsed: { error?: { code?: string; message?: string } } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      // not JSON: keep the status only
    }
    super(parsed.error?.message ?? `HTTP ${status}`);
    this.name = "RestError";
    this.statusCode = status;
    this.code = parsed.error?.code;
  }
}

/**
 * A JSON request through the ARM client's own pipeline (token, retries honouring Retry-After),
 * without its serializer. Needed for job and schedule bodies: @azure/arm-machinelearning 2.1.1
 * looks up `JobInput.uri_file` in its discriminator table, finds nothing (the mapper is
 * registered under `AssetJobInput`) and silently drops the input's `uri`.
 */
export async function armRequest(
  w: AzureWorkspace,
  method: "GET" | "PUT" | "POST" | "DELETE",
  path: string,
  body?: unknown,
  apiVersion = /^(jobs|schedules)\//.test(path) ? JOB_API_VERSION : API_VERSION,
): Promise<PipelineResponse> {
  const url = new URL(`${w.endpoints.arm}${w.id}/${path}`);
  url.searchParams.set("api-version", apiVersion);
  const request = createPipelineRequest({
    url: url.toString(),
    method,
    headers: createHttpHeaders({ "content-type": "application/json", accept: "application/json" }),
  });
  if (body !== undefined) request.body = JSON.stringify(body);
  const response = await w.client.sendRequest(request);
  if (response.status >= 400) throw new ArmError(response.status, response.bodyAsText ?? "");
  return response;
}

function retryAfterMs(response: PipelineResponse, fallback: number): number {
  const value = response.headers.get("retry-after");
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) ? Math.max(seconds * 1000, 0) : fallback;
}

/** Polls an ARM long-running operation (Azure-AsyncOperation or Location) until it ends. */
export async function awaitOperation(w: AzureWorkspace, response: PipelineResponse): Promise<void> {
  const monitor = response.headers.get("azure-asyncoperation") ?? response.headers.get("location");
  if (!monitor || (response.status !== 201 && response.status !== 202)) return;
  let last = response;
  for (let i = 0; i < 1000; i++) {
    await new Promise((r) => setTimeout(r, retryAfterMs(last, w.pollMs)));
    const request = createPipelineRequest({ url: monitor, method: "GET" });
    last = await w.client.sendRequest(request);
    if (last.status >= 400) throw new ArmError(last.status, last.bodyAsText ?? "");
    const body = JSON.parse(last.bodyAsText || "{}") as { status?: string; error?: { code?: string; message?: string } };
    const status = body.status;
    if (status === "Failed" || status === "Canceled")
      throw new ArmError(
        409,
        JSON.stringify({ error: { code: body.error?.code ?? status, message: body.error?.message ?? `the operation ended ${status.toLowerCase()}` } }),
      );
    if (status === "Succeeded" || (last.status !== 202 && status === undefined)) return;
  }
  throw new ArmError(408, JSON.stringify({ error: { code: "Timeout", message: "the operation did not finish" } }));
}
