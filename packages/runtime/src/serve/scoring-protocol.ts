/**
 * The scoring processes' reply framing (see `python/scoring_worker.py`): one line per message,
 * `ready <json>`, `failed <json>` or `<id> <status> <json envelope>`. The id and status come
 * before the JSON, so a reply whose JSON cannot be read still answers its own request (a clear
 * 500) and the protocol never falls out of step; the worker writes strict JSON (NaN → null).
 */
export type ProtocolMessage =
  | { kind: "ready"; schema: unknown }
  | { kind: "failed"; error: string }
  | { kind: "reply"; id: number; status: number; body: unknown; warning?: string }
  | { kind: "noise" };

function json(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** One protocol line, read; a line that is no message at all is `noise` (and ignored). */
export function parseProtocolLine(line: string): ProtocolMessage {
  if (line.startsWith("ready ")) {
    const doc = json(line.slice(6));
    return { kind: "ready", schema: doc.ok ? doc.value : null };
  }
  if (line.startsWith("failed ")) {
    const doc = json(line.slice(7));
    return { kind: "failed", error: doc.ok && typeof doc.value === "string" ? doc.value : "the model did not load" };
  }
  const m = /^(\d+) (\d{3}) /.exec(line);
  if (!m) return { kind: "noise" };
  const id = Number(m[1]);
  const status = Number(m[2]);
  const doc = json(line.slice(m[0].length));
  const envelope = doc.ok && doc.value !== null && typeof doc.value === "object" ? (doc.value as { body?: unknown; warning?: unknown }) : undefined;
  if (!envelope || !("body" in envelope))
    return { kind: "reply", id, status: 500, body: { error: "the scoring process answered with something that is not JSON" } };
  return { kind: "reply", id, status, body: envelope.body ?? null, ...(typeof envelope.warning === "string" ? { warning: envelope.warning } : {}) };
}
