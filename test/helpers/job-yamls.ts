// Which files of the official examples are job YAMLs: shared by the census and the in-process
// import test, without the census's REST-spec and SDK machinery (which mutation testing's sandbox
// cannot load).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const JOB_TYPES = new Set(["pipeline", "command", "sweep", "automl", "parallel", "spark"]);

/**
 * The job YAMLs under `root`: a `$schema` naming a job schema, or no `$schema` and a job
 * `type:` (components, environments, data and deployments are left out; a pipeline that
 * another pipeline names as its component is a job file too: the SDK loads it as one).
 */
export function jobYamls(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .filter((f) => {
      let doc: { $schema?: unknown; type?: string; name?: unknown } | null;
      try {
        doc = parse(readFileSync(join(root, f), "utf8"));
      } catch {
        return false;
      }
      if (typeof doc?.$schema === "string") return /Job\.schema\.json$/.test(doc.$schema);
      return JOB_TYPES.has(doc?.type ?? "") && doc?.name === undefined;
    });
}
