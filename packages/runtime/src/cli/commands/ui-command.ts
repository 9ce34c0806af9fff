import { statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { localPaths } from "../../backends/local/local-paths.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import { writeFileAtomic } from "../../fs/atomic-write.ts";
import { newNonce, page } from "../../ui/html.ts";
import { inlineAssets } from "../../ui/ui-assets.ts";
import { runView } from "../../ui/views.ts";
import type { ExitCode } from "../exit-codes.ts";

/** Why the UI could not listen, in the user's terms (never Node's own text). */
function listenError(e: NodeJS.ErrnoException, flags: { port?: number; host?: string }): SluiceError {
  const hint = { hint: "pass another --port, or none for a free one" };
  if (e.code === "EADDRINUSE") return new SluiceError("usage", `port ${flags.port} is in use`, hint);
  if (e.code === "EACCES") return new SluiceError("usage", `port ${flags.port} needs privileges this user does not have`, hint);
  if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND" || e.code === "EAI_AGAIN")
    return new SluiceError("usage", `cannot listen on ${flags.host}: not an address of this machine`, {
      hint: "pass --host 127.0.0.1 (the default) or an address this machine has",
    });
  return new SluiceError("environment", `cannot listen for the run page (${e.code ?? "unknown error"})`, hint);
}

/**
 * `sluice ui [--port p]`: the run page for this project's `.sluice/` state, on loopback, until
 * Ctrl-C. The URL it prints carries the page's key.
 */
export async function uiCommand(flags: { port?: number; host?: string }): Promise<ExitCode> {
  if (flags.port !== undefined && (!Number.isInteger(flags.port) || flags.port < 1 || flags.port > 65535))
    throw new SluiceError("usage", `--port ${flags.port} is not a port: give one from 1 to 65535`, { hint: "or leave --port out for a free one" });
  const paths = localPaths();
  const { startUiServer } = await import("../../ui/ui-server.ts");
  const listen = { ...(flags.port !== undefined ? { port: flags.port } : {}), ...(flags.host ? { host: flags.host } : {}) };
  const ui = await startUiServer(paths, listen).catch((e: NodeJS.ErrnoException) => {
    throw listenError(e, flags);
  });
  process.stdout.write(`ui: ${ui.url}\n(state: ${relative(process.cwd(), paths.stateDir) || "."}; Ctrl-C stops it)\n`);
  await new Promise<void>((done) => {
    process.once("SIGINT", () => done());
    process.once("SIGTERM", () => done());
  });
  await ui.close();
  return 0;
}

/**
 * `sluice report <run> --out report.html`: the run page as one file, with no server and no
 * network. Its scripts run by a nonce in its own policy; what could not be shown is listed in
 * the file and on stderr.
 */
export async function reportCommand(runRef: string, flags: { out?: string }): Promise<ExitCode> {
  if (!flags.out) throw new SluiceError("usage", "sluice report needs --out <file.html>");
  if (statSync(flags.out, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SluiceError("usage", `cannot write ${flags.out}: it is a folder`, { hint: `give a file path, like ${join(flags.out, "report.html")}` });
  }
  const { azureAutomlMetrics } = await import("../../ui/azure-run-history.ts");
  const view = await runView(localPaths(), runRef, { inline: true, remote: azureAutomlMetrics });
  const out = resolve(flags.out);
  const nonce = newNonce();
  writeFileAtomic(out, page(view.title, view.body, inlineAssets(nonce), { nonce, nav: false, notices: view.notices }));
  for (const notice of view.notices) process.stderr.write(`warning: ${notice}\n`);
  process.stdout.write(`report: ${relative(process.cwd(), out)}\n`);
  return 0;
}
