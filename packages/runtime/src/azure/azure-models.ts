import type { AzureWorkspace } from "./arm-client.ts";

export interface AzureModelVersion {
  name: string;
  version: string;
  modelType?: string;
  modelUri?: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
}

const strings = (r: Record<string, string | null> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(r ?? {}).filter((e): e is [string, string] => e[1] !== null));

/** Every version of every model in the workspace (or of one model), oldest first per model. */
export async function listAzureModels(w: AzureWorkspace, only?: string): Promise<AzureModelVersion[]> {
  const names: string[] = [];
  if (only) names.push(only);
  else {
    await w.call("list models", async () => {
      for await (const c of w.client.modelContainers.list(w.rg, w.ws)) if (c.name) names.push(c.name);
    });
  }
  const out: AzureModelVersion[] = [];
  for (const name of names.sort()) {
    await w.call(`list versions of model ${name}`, async () => {
      for await (const v of w.client.modelVersions.list(w.rg, w.ws, name)) {
        const p = v.properties;
        out.push({
          name,
          version: v.name ?? "?",
          modelType: p.modelType,
          modelUri: p.modelUri,
          description: p.description,
          tags: strings(p.tags),
          properties: strings(p.properties),
        });
      }
    });
  }
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.MAX_SAFE_INTEGER);
  return out.sort((a, b) => (a.name === b.name ? num(a.version) - num(b.version) : a.name < b.name ? -1 : 1));
}
