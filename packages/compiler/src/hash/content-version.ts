import { createHash } from "node:crypto";

/** JSON with keys sorted at every depth: the canonical form hashed and emitted. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/**
 * A version derived from content, in the 8-4-4-4-12 form Azure's anonymous components use
 * (`str(UUID(md5(...)))`): the same content always gets the same version, which is what lets
 * Azure reuse steps across submissions.
 */
export function contentVersion(value: unknown): string {
  const hex = createHash("md5").update(stableStringify(value)).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
