import { readFileSync } from "node:fs";

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
 * `SLUICE_SCORING_MAX_RSS_MB` when set, else 2048 MB (the 4 GB a small Azure instance has, halved,
 * so two instances fit); 0 turns recycling off.
 */
export function maxRssBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SLUICE_SCORING_MAX_RSS_MB;
  const mb = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : 2048;
  return mb * 1024 * 1024;
}
