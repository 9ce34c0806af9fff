/** Flattens JSON into `a.b.c → value` lines, so a diff can name exactly what changed. */
export function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) out.set(prefix, JSON.stringify(value));
  return out;
}

/** ARM ids shortened to `…/codes/x/versions/1` in diff lines. */
export const shorten = (v: string) => v.replace(/"\/subscriptions\/[^"]*?\/workspaces\/[^/"]+\//g, '"…/');

/** `path: old → new` for every value Sluice sends that the resource does not have as sent (the service's own fields are ignored). */
export function sentDiff(current: unknown, desired: unknown): string[] {
  const a = flatten(current, "", new Map());
  const lines: string[] = [];
  for (const [path, want] of flatten(desired, "", new Map())) {
    const have = a.get(path);
    if (have !== want) lines.push(`${path}: ${have === undefined ? "(none)" : shorten(have)} → ${shorten(want)}`);
  }
  return lines.sort();
}
