import { type ChildProcess, spawn } from "node:child_process";
import { REPO_ROOT } from "./run-node.ts";

/** `sluice ui` with this environment; resolves once it prints its URL (the key included). */
export function startUiProcess(env: Record<string, string>): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "ui"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sluice ui did not start: ${out}`)), 30_000);
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /^ui: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ process: child, url: m[1] as string });
      }
    });
    child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => reject(new Error(`sluice ui exited ${code}: ${out}`)));
  });
}

/** The session cookie the printed URL turns into (named for the port, so sessions on two ports coexist). */
export function uiCookie(url: string): string {
  const u = new URL(url);
  return `sluice_ui_${u.port}=${u.searchParams.get("token")}`;
}

/** A GET with the key's cookie, as the browser sends it after opening the printed URL. */
export async function uiGet(url: string, path: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const res = await fetch(`${u.origin}${path}`, { headers: { cookie: uiCookie(url) } });
  return { status: res.status, text: await res.text() };
}
