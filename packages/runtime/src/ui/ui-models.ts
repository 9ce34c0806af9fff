import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { modelVersions } from "../registry/local-registry.ts";
import { readPromotions } from "../serve/promotions.ts";
import { runningServer } from "../serve/server-file.ts";
import { checked } from "./ui-json.ts";
import { plainName, problemOf, runExists, type UiState } from "./ui-data.ts";

/** A deployment serving a model: live while `sluice serve` serves it, else what a deploy step promoted. */
export interface ServedBy {
  label: string;
  live: boolean;
}

export interface ModelRow {
  name: string;
  version: unknown;
  metric?: { name?: unknown; value?: unknown } | null;
  /** The run that registered it, and whether that run is still here (`gc` may have removed it). */
  run?: { id: string; present: boolean };
  step?: unknown;
  servedBy: ServedBy[];
}

function endpointNames(s: UiState): string[] {
  const root = join(s.stateDir, "endpoints");
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => plainName(n) && statSync(join(root, n), { throwIfNoEntry: false })?.isDirectory())
    .sort();
}

/** The running server's deployments, as far as its file can be read (another version may have written it). */
function liveDeployments(s: UiState, endpoint: string): Array<{ name: string; traffic: unknown; model: string; status: unknown }> | undefined {
  const server = runningServer(s.stateDir, endpoint);
  if (!server) return undefined;
  const list = Array.isArray(server.deployments) ? server.deployments : [];
  return list.filter((d) => d && typeof d === "object").map((d) => ({ name: String(d.name), traffic: d.traffic, model: String(d.model), status: d.status }));
}

/** Which endpoint deployments serve each `name:version`: live ones from `sluice serve`, else promotions. */
function servingMap(s: UiState, notices: string[]): Map<string, ServedBy[]> {
  const serving = new Map<string, ServedBy[]>();
  const add = (model: string, by: ServedBy) => serving.set(model, [...(serving.get(model) ?? []), by]);
  let names: string[] = [];
  try {
    names = endpointNames(s);
  } catch (e) {
    notices.push(`the endpoints folder cannot be read: ${problemOf(e, "a folder")}`);
  }
  for (const e of names) {
    try {
      const live = liveDeployments(s, e);
      if (live) for (const d of live) add(d.model, { label: `${e}/${d.name}`, live: true });
      else for (const [deployment, p] of readPromotions(s.stateDir, e)) add(`${p.name}:${p.version}`, { label: `${e}/${deployment}`, live: false });
    } catch (err) {
      notices.push(`endpoint ${e}: what serves its models cannot be read (${problemOf(err)})`);
    }
  }
  return serving;
}

/** Registered models, newest first per name, with the deployments serving each; a bad model file is named and skipped. */
export function models(s: UiState): { rows: ModelRow[]; notices: string[] } {
  const notices: string[] = [];
  const root = join(s.registryDir, "models");
  if (!existsSync(root)) return { rows: [], notices };
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (e) {
    return { rows: [], notices: [`the model registry cannot be read: ${problemOf(e, "a folder")}`] };
  }
  const serving = servingMap(s, notices);
  const rows = names
    .filter(plainName)
    .sort()
    .flatMap((name) => {
      try {
        return modelVersions(s.registryDir, name)
          .sort((a, b) => Number(b.version) - Number(a.version))
          .map((m): ModelRow => {
            const lineage = (m.lineage ?? {}) as Record<string, unknown>;
            const id = lineage.sluice_run_id;
            return {
              name,
              version: m.version,
              metric: m.metric ?? null,
              ...(typeof id === "string" && id ? { run: { id, present: runExists(s, id) } } : {}),
              step: lineage.sluice_step,
              servedBy: serving.get(`${name}:${m.version}`) ?? [],
            };
          });
      } catch (e) {
        notices.push(`model ${name} is not shown: a version's model.json: ${problemOf(e, "a model record")}`);
        return [];
      }
    });
  return { rows, notices };
}

const Decision = z.looseObject({
  decision: z.string(),
  deployment: z.string(),
  model: z.looseObject({ name: z.string(), version: z.union([z.string(), z.number()]) }),
  run: z.string(),
  why: z.string(),
});

export interface EndpointRow {
  name: string;
  server?: { url: string; deployments: Array<{ name: string; traffic: unknown; model: string; status: unknown }> };
  promotions: Array<{ deployment: string; model: string; why: string }>;
  history: Array<z.infer<typeof Decision>>;
}

/** The deploy steps' decisions, newest first; a line that is not one is named and skipped. */
function history(file: string, name: string, notices: string[]): EndpointRow["history"] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, "utf8").split("\n");
  const out: EndpointRow["history"] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      notices.push(`endpoint ${name}: history.jsonl line ${i + 1} is not shown: it is not valid JSON`);
      return;
    }
    const d = checked(raw, Decision, `endpoint ${name}: history.jsonl line ${i + 1} is not shown: it is not a deploy decision`, notices);
    if (d) out.push(d);
  });
  return out.reverse();
}

/** Local endpoints: the one `sluice serve` runs (its deployments, traffic, status) and what deploy steps decided. */
export function endpoints(s: UiState): { rows: EndpointRow[]; notices: string[] } {
  const notices: string[] = [];
  let names: string[];
  try {
    names = endpointNames(s);
  } catch (e) {
    return { rows: [], notices: [`the endpoints folder cannot be read: ${problemOf(e, "a folder")}`] };
  }
  const rows = names.flatMap((name): EndpointRow[] => {
    try {
      const server = runningServer(s.stateDir, name);
      const deployments = liveDeployments(s, name) ?? [];
      return [
        {
          name,
          ...(server ? { server: { url: String(server.url), deployments } } : {}),
          promotions: [...readPromotions(s.stateDir, name)].map(([deployment, p]) => ({ deployment, model: `${p.name}:${p.version}`, why: p.why })),
          history: history(join(s.stateDir, "endpoints", name, "history.jsonl"), name, notices),
        },
      ];
    } catch (e) {
      notices.push(`endpoint ${name} is not shown: ${problemOf(e)}`);
      return [];
    }
  });
  return { rows, notices };
}
