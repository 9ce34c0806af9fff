import { SluiceError } from "../errors/sluice-error.ts";
import type { EndpointKeys } from "../serve/endpoint-keys.ts";
import type { AzureWorkspace } from "./arm-client.ts";
import { armRequest } from "./raw-arm.ts";

/** A deployed online endpoint's scoring URI and keys (`listKeys`), for `invoke` and `endpoint keys`. */
export async function azureEndpoint(w: AzureWorkspace, name: string): Promise<{ scoringUri: string; keys: EndpointKeys }> {
  const endpoint = await w.tryGet(
    `read endpoint ${name}`,
    async () => JSON.parse((await armRequest(w, "GET", `onlineEndpoints/${name}`)).bodyAsText ?? "{}") as { properties?: { scoringUri?: string } },
  );
  const scoringUri = endpoint?.properties?.scoringUri;
  if (!scoringUri) throw new SluiceError("usage", `endpoint ${name} is not deployed in workspace ${w.ws}`, { hint: "deploy it with sluice deploy <file>" });
  const keys = await w.call(
    `list the keys of endpoint ${name}`,
    async () => JSON.parse((await armRequest(w, "POST", `onlineEndpoints/${name}/listKeys`)).bodyAsText ?? "{}") as EndpointKeys,
  );
  return { scoringUri, keys };
}
