import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import { SluiceError } from "../errors/sluice-error.ts";
import { RETRY_OPTIONS, type AzureWorkspace } from "./arm-client.ts";
import { redact } from "./credentials.ts";

const AML_SCOPE = "https://ml.azure.com/.default";

/**
 * The workspace's data-plane APIs (run history, MLflow tracking) that the ARM package does not
 * cover: same retry policies (Retry-After honoured), token for the Azure ML audience.
 */
export class DataPlane {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();
  private readonly workspace: AzureWorkspace;
  private apiBase: string | undefined;
  private trackingBase: string | undefined;

  constructor(workspace: AzureWorkspace) {
    this.workspace = workspace;
    this.pipeline = createPipelineFromOptions({ retryOptions: RETRY_OPTIONS });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: workspace.endpoints.credential, scopes: AML_SCOPE }));
  }

  /** `GET {WS}` → `discoveryUrl` → `{"api": base}`, as the SDK finds run history. */
  private async discover(): Promise<void> {
    if (this.apiBase) return;
    const w = this.workspace;
    const ws = await w.call("read the workspace", () => w.client.workspaces.get(w.rg, w.ws));
    if (!ws.discoveryUrl) throw new SluiceError("azure", `workspace ${w.ws} has no discovery URL`);
    const discovery = await this.json<{ api?: string }>("GET", ws.discoveryUrl);
    if (!discovery.api) throw new SluiceError("azure", `workspace ${w.ws}'s discovery document has no api endpoint`);
    this.apiBase = discovery.api.replace(/\/+$/, "");
    this.trackingBase = ws.mlFlowTrackingUri?.replace(/^azureml:\/\//, "https://").replace(/\/+$/, "");
  }

  private scopePath(): string {
    const r = this.workspace.ref;
    return `subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${r.workspaceName}`;
  }

  /** Run history: `{api}/history/v1.0/{scope}/{path}`. */
  async history<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    await this.discover();
    return this.json<T>(method, `${this.apiBase}/history/v1.0/${this.scopePath()}/${path}`, body);
  }

  /** MLflow REST: `{mlFlowTrackingUri}/api/2.0/mlflow/{path}`. */
  async mlflow<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    await this.discover();
    if (!this.trackingBase) throw new SluiceError("azure", `workspace ${this.workspace.ws} has no MLflow tracking URI`);
    return this.json<T>(method, `${this.trackingBase}/api/2.0/mlflow/${path}`, body);
  }

  /** A plain GET of a URL the service handed out (e.g. a log file's SAS URL); never logged. */
  async text(url: string): Promise<string> {
    const request = createPipelineRequest({ url, method: "GET" });
    const response = await this.http.sendRequest(request);
    if (response.status >= 400) throw new SluiceError("azure", `could not read a log file: HTTP ${response.status}`);
    return response.bodyAsText ?? "";
  }

  /** A POST to a URL the workspace handed out (a batch endpoint's scoring URI), with the Azure ML token. */
  async post<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.json<T>("POST", url, body, headers);
  }

  private async json<T>(method: "GET" | "POST", url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ "content-type": "application/json", accept: "application/json", ...headers }),
    });
    if (body !== undefined) request.body = JSON.stringify(body);
    let response: Awaited<ReturnType<typeof this.pipeline.sendRequest>>;
    try {
      response = await this.pipeline.sendRequest(this.http, request);
    } catch (error) {
      throw new SluiceError("azure", `could not reach the workspace's data plane: ${redact((error as Error).message)}`);
    }
    if (response.status >= 400) {
      const where = new URL(url).pathname.split("/").slice(-2).join("/");
      throw new SluiceError(
        "azure",
        `the workspace refused ${method} …/${where}: HTTP ${response.status} ${redact((response.bodyAsText ?? "").slice(0, 300))}`,
        {},
      );
    }
    return JSON.parse(response.bodyAsText || "{}") as T;
  }
}
