import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { assertSegment, safeJoin } from "../fs/safe-path.ts";

/** An endpoint's two keys, as Azure gives a key-auth endpoint (rotate one while the other serves). */
export interface EndpointKeys {
  primaryKey: string;
  secondaryKey: string;
}

/** Where an endpoint's local state lives: `<state>/endpoints/<name>/`. */
export function endpointDir(stateDir: string, name: string): string {
  return safeJoin(stateDir, "endpoints", assertSegment(name, "endpoint name"));
}

/**
 * The endpoint's keys, generated on first use (32 random bytes each) and kept in `keys.json`,
 * readable by its owner only. They are shown by `sluice endpoint keys`, never logged.
 */
export function endpointKeys(stateDir: string, name: string): EndpointKeys {
  const file = safeJoin(endpointDir(stateDir, name), "keys.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as EndpointKeys;
  const keys = { primaryKey: randomBytes(32).toString("base64url"), secondaryKey: randomBytes(32).toString("base64url") };
  writeFileAtomic(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

/** Whether an `Authorization` header carries one of the keys (compared in constant time). */
export function authorized(header: string | undefined, keys: EndpointKeys): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!m) return false;
  const given = Buffer.from(m[1] as string);
  return [keys.primaryKey, keys.secondaryKey].some((k) => {
    const want = Buffer.from(k);
    return want.length === given.length && timingSafeEqual(want, given);
  });
}
