import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, statSync } from "node:fs";
import * as z from "zod";
import { SluiceError } from "../errors/sluice-error.ts";
import { writeFileAtomic } from "../fs/atomic-write.ts";
import { assertSegment, safeJoin } from "../fs/safe-path.ts";
import { displayPath, readCheckedJson } from "../runs/checked-json.ts";

/** An endpoint's two keys, as Azure gives a key-auth endpoint (rotate one while the other serves). */
export interface EndpointKeys {
  primaryKey: string;
  secondaryKey: string;
}

/** A key is 32 random bytes, base64url: anything much shorter was not written by Sluice and guards nothing. */
const KeysSchema = z.object({ primaryKey: z.string().min(16), secondaryKey: z.string().min(16) });

/** Where an endpoint's local state lives: `<state>/endpoints/<name>/`. */
export function endpointDir(stateDir: string, name: string): string {
  return safeJoin(stateDir, "endpoints", assertSegment(name, "endpoint name"));
}

/**
 * The endpoint's keys, generated on first use (32 random bytes each) and kept in `keys.json`,
 * readable by its owner only. They are shown by `sluice endpoint keys`, never logged. A damaged
 * file is refused, never silently replaced: clients hold the old keys.
 */
export function endpointKeys(stateDir: string, name: string): EndpointKeys {
  const file = safeJoin(endpointDir(stateDir, name), "keys.json");
  if (existsSync(file)) return readKeys(file);
  const keys = { primaryKey: randomBytes(32).toString("base64url"), secondaryKey: randomBytes(32).toString("base64url") };
  writeFileAtomic(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

/** The stored keys, checked, and made owner-only again if something widened the file's mode. */
function readKeys(file: string): EndpointKeys {
  const read = readCheckedJson(file, KeysSchema, "an endpoint's keys");
  if (!read.ok) {
    throw new SluiceError("environment", `${displayPath(file)}: ${read.problem}`, {
      hint: "delete the file and Sluice makes new keys on next use (clients must then use the new ones: sluice endpoint keys)",
    });
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { primaryKey: read.value.primaryKey, secondaryKey: read.value.secondaryKey };
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
