/** Text from run data (step names, logs, metric names) as HTML text: never markup. */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no data can close the script. */
export function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${esc(id)}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}

/** A duration as people read it: 950 ms, 12.3 s, 4 min 05 s. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** What a page embeds: inline (a report, no server) or linked from the UI server. */
export interface Assets {
  css: string;
  js: string;
}

/** The page around a view: navigation, styles, scripts. */
export function page(title: string, body: string, assets: Assets, nav = true): string {
  const links = nav ? `<nav><a href="/">runs</a><a href="/models">models</a><a href="/endpoints">endpoints</a></nav>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' 'self'; script-src 'unsafe-inline' 'self'; img-src data:; connect-src 'self'">
<title>${esc(title)} · sluice</title>${assets.css}</head>
<body><header><span class="brand">sluice</span>${links}</header><main>${body}</main>${assets.js}</body></html>
`;
}
