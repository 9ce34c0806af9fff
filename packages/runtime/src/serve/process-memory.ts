import { readFileSync } from "node:fs";
import { SluiceError } from "../errors/sluice-error.ts";
import { instanceProcessMb } from "./instance-memory.ts";

/**
 * A process's resident memory in bytes, from Linux's `/proc/<pid>/status` (`VmRSS`); undefined
 * elsewhere or once it is gone, so memory recycling is simply off where the system cannot say.
 */
export function processRss(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  return m ? Number(m[1]) * 1024 : undefined;
}

/**
 * The memory a scoring process may reach before it is recycled between requests:
 * `SLUICE_SCORING_MAX_RSS_MB` when set (0 turns recycling off), else 85 % of what the
 * deployment's `instanceType` has on Azure, else 2048 MB (half the 4 GB of the smallest
 * instance Azure offers) for a size Sluice does not know.
 */
export function maxRssBytes(instanceType?: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SLUICE_SCORING_MAX_RSS_MB;
  if (raw !== undefined && !/^\d+$/.test(raw.trim()))
    throw new SluiceError("usage", `SLUICE_SCORING_MAX_RSS_MB=${raw.slice(0, 40)} is not a whole number of megabytes`, {
      hint: "set it to e.g. 4096, or 0 to turn memory recycling off; unset, the deployment's instanceType decides",
    });
  const given = raw === undefined ? undefined : Number(raw);
  const mb = given ?? instanceProcessMb(instanceType) ?? 2048;
  return mb * 1024 * 1024;
}
