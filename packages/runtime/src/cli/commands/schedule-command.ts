import { connectWorkspace } from "../../azure/connect.ts";
import type { AzureWorkspace } from "../../azure/arm-client.ts";
import { readSchedule } from "../../azure/deploy/schedule-assets.ts";
import { armRequest, awaitOperation } from "../../azure/raw-arm.ts";
import type { WorkspaceFlags } from "../../azure/workspace-config.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";

type Action = "list" | "enable" | "disable" | "delete";
const ACTIONS: readonly Action[] = ["list", "enable", "disable", "delete"];

interface ScheduleSummary {
  name: string;
  enabled: boolean;
  trigger: string;
  state?: string;
}

function summary(s: { name?: string; properties: { isEnabled?: boolean; trigger: Record<string, unknown>; provisioningState?: string } }): ScheduleSummary {
  const t = s.properties.trigger;
  const when = t.triggerType === "Cron" ? `cron "${String(t.expression)}"` : `every ${String(t.interval)} ${String(t.frequency)}`;
  return { name: s.name ?? "?", enabled: s.properties.isEnabled !== false, trigger: `${when} ${String(t.timeZone ?? "UTC")}` };
}

async function list(w: AzureWorkspace, json: boolean): Promise<void> {
  const all: ScheduleSummary[] = [];
  await w.call("list schedules", async () => {
    for await (const s of w.client.schedules.list(w.rg, w.ws, { listViewType: "All" })) all.push(summary(s as never));
  });
  all.sort((a, b) => (a.name < b.name ? -1 : 1));
  if (json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  else if (all.length === 0) process.stdout.write("no schedules\n");
  else for (const s of all) process.stdout.write(`${s.name}  ${s.enabled ? "enabled " : "disabled"}  ${s.trigger}\n`);
}

/** Enable/disable is a GET then a PUT with `isEnabled` flipped, as the SDK does. */
async function setEnabled(w: AzureWorkspace, name: string, enabled: boolean): Promise<void> {
  const current = await readSchedule(w, name);
  if (!current) throw new SluiceError("usage", `no schedule '${name}' in workspace ${w.ws}`, { hint: "`sluice schedule list` shows them" });
  if ((current.properties.isEnabled !== false) === enabled) {
    process.stdout.write(`schedule ${name} is already ${enabled ? "enabled" : "disabled"}\n`);
    return;
  }
  const body = { properties: { ...current.properties, isEnabled: enabled } };
  await w.call(`${enabled ? "enable" : "disable"} schedule ${name}`, async () => awaitOperation(w, await armRequest(w, "PUT", `schedules/${name}`, body)));
  process.stdout.write(`schedule ${name} ${enabled ? "enabled" : "disabled"}\n`);
}

/** `sluice schedule list | enable <name> | disable <name> | delete <name>` in the configured workspace. */
export async function scheduleCommand(action: string, name: string | undefined, flags: WorkspaceFlags & { json?: boolean }): Promise<ExitCode> {
  if (!ACTIONS.includes(action as Action)) throw new SluiceError("usage", `unknown schedule action '${action}'`, { hint: `use one of: ${ACTIONS.join(", ")}` });
  // A mistake in the command line itself is said before any sign-in or workspace look-up.
  if (action !== "list" && !name)
    throw new SluiceError("usage", `sluice schedule ${action} needs a schedule name`, { hint: "`sluice schedule list` shows them" });
  const w = await connectWorkspace(flags, process.cwd());
  if (!w)
    throw new SluiceError("usage", "no Azure workspace configured", {
      hint: "pass --workspace (with AZURE_SUBSCRIPTION_ID/AZURE_RESOURCE_GROUP), set AZUREML_WORKSPACE_NAME, or add .azureml/config.json",
    });
  if (action === "list") {
    await list(w, flags.json === true);
    return 0;
  }
  if (!name) throw new SluiceError("usage", `sluice schedule ${action} needs a schedule name`);
  if (action === "delete") {
    const found = await readSchedule(w, name);
    if (!found) throw new SluiceError("usage", `no schedule '${name}' in workspace ${w.ws}`);
    await w.call(`delete schedule ${name}`, () => w.client.schedules.beginDeleteAndWait(w.rg, w.ws, name, { updateIntervalInMs: w.pollMs }));
    process.stdout.write(`schedule ${name} deleted\n`);
    return 0;
  }
  await setEnabled(w, name, action === "enable");
  return 0;
}
