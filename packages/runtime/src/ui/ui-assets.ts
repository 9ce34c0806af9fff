import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Assets } from "./html.ts";

const require = createRequire(import.meta.url);

/**
 * The page's files: Sluice's script and styles (`packages/runtime/ui/`), and uPlot, the chart
 * library, from its package. Served by `sluice ui`, inlined by `sluice report`; never fetched
 * from the network. A Map, so a name such as `constructor` or `__proto__` is simply not there.
 */
const FILES = new Map<string, { spec: string; type: string }>([
  ["app.js", { spec: "@sluice/runtime/ui/app.js", type: "text/javascript; charset=utf-8" }],
  ["style.css", { spec: "@sluice/runtime/ui/style.css", type: "text/css; charset=utf-8" }],
  ["uplot.js", { spec: "uplot/dist/uPlot.iife.min.js", type: "text/javascript; charset=utf-8" }],
  ["uplot.css", { spec: "uplot/dist/uPlot.min.css", type: "text/css; charset=utf-8" }],
]);

const cache = new Map<string, string>();

export function asset(name: string): { text: string; type: string } | undefined {
  const f = FILES.get(name);
  if (!f) return undefined;
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(require.resolve(f.spec), "utf8");
    cache.set(name, text);
  }
  return { text, type: f.type };
}

/** The UI server's pages link the files (`'self'` in the policy); the nonce is not needed for them. */
export function linkedAssets(): Assets {
  return {
    css: '<link rel="stylesheet" href="/assets/uplot.css"><link rel="stylesheet" href="/assets/style.css">',
    js: '<script src="/assets/uplot.js"></script><script src="/assets/app.js"></script>',
  };
}

/** Everything in the page itself, for a report file that opens with no server and no network. */
export function inlineAssets(nonce: string): Assets {
  const text = (n: string) => (asset(n)?.text ?? "").replace(/<\/(script|style)/gi, "<\\/$1");
  return {
    css: `<style nonce="${nonce}">${text("uplot.css")}\n${text("style.css")}</style>`,
    js: `<script nonce="${nonce}">${text("uplot.js")}</script><script nonce="${nonce}">${text("app.js")}</script>`,
  };
}
