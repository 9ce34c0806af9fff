import { randomBytes } from "node:crypto";

/** Text from run data (step names, logs, metric names) as HTML text or attribute value: never markup. */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A number from run data as text: integers as they are, others to 4 places; anything else escaped. */
export function num(value: unknown): string {
  if (typeof value !== "number") return esc(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/**
 * JSON for a `<script type="application/json">` block. `<`, `>` and `&` become `\u003c`… so no
 * data can close the script or open a comment (`</script>`, `<!--`), and U+2028/U+2029 are
 * escaped too, so the text is the same JSON for every reader.
 */
export function jsonText(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${esc(id)}">${jsonText(value)}</script>`;
}

/** A duration as people read it: 950 ms, 12.3 s, 4 min 05 s; nothing for what is not a number. */
export function duration(ms: unknown): string {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** A timestamp from a record as `2026-01-01 00:00:00`; nothing for what is not a string. */
export function when(iso: unknown): string {
  return typeof iso === "string" ? esc(iso.replace("T", " ").slice(0, 19)) : "";
}

/** A fresh nonce for one response: the only inline scripts and styles the page may run. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The page's content security policy: no inline script or style but the ones carrying this
 * response's nonce, no external request; `self` for the UI server's own assets and events.
 */
export function csp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** What a page embeds: inline (a report, no server) or linked from the UI server. */
export interface Assets {
  css: string;
  js: string;
}

export interface PageOptions {
  nonce: string;
  /** The navigation between runs, models and endpoints (the UI); a report has none. */
  nav?: boolean;
  /** The session's token for state-changing requests, read by the page script. */
  csrf?: string;
  /** Records that could not be shown, each as one line. */
  notices?: string[];
}

/** The notices above a view: what was skipped and why, never in place of the rest. */
export function noticeList(notices: string[] = []): string {
  return notices.length ? `<ul class="notices">${notices.map((n) => `<li class="notice">${esc(n)}</li>`).join("")}</ul>` : "";
}

/** The page around a view: navigation, styles, scripts. */
export function page(title: string, body: string, assets: Assets, o: PageOptions): string {
  const links = o.nav !== false ? `<nav><a href="/">runs</a><a href="/models">models</a><a href="/endpoints">endpoints</a></nav>` : "";
  // frame-ancestors is ignored in a meta policy; the UI server also sends the policy as a header.
  // The policy is ours alone (the nonce is base64): nothing in it needs escaping.
  const meta = csp(o.nonce).replace("; frame-ancestors 'none'", "");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${meta}">${o.csrf ? `<meta name="sluice-csrf" content="${esc(o.csrf)}">` : ""}
<title>${esc(title)} · sluice</title>${assets.css}</head>
<body><header><span class="brand">sluice</span>${links}</header><main>${noticeList(o.notices)}${body}</main>${assets.js}</body></html>
`;
}
