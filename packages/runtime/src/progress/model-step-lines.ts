/**
 * The line a run ends with for a built-in model step, read from what the step printed: which
 * version a register step registered or kept and why, what a deploy step did to its endpoint and
 * why. Local runs read the step's stdout, Azure runs its job log; both show the same line.
 */
export function modelStepLine(step: string, log: string): string | undefined {
  const created = /Registered version (\d+) of model ([^\s:]+)(?:: (.*))?/.exec(log);
  if (created) return `${step}: registered model ${created[2]} version ${created[1]}${created[3] ? ` (${created[3]})` : ""}`;
  const kept = /kept: (\S+) version (\d+), not registered: (.*)/.exec(log);
  if (kept) return `${step}: kept ${kept[1]} version ${kept[2]}, the new model not registered: ${kept[3]}`;
  const unchanged = /unchanged: (\S+) version (\d+)/.exec(log);
  if (unchanged) return `${step}: unchanged: ${unchanged[1]} version ${unchanged[2]} (same model as the newest version)`;
  const deployed = /^(?:deployed|kept|unchanged): [^\s/]+\/\S+ .*$/m.exec(log);
  return deployed ? `${step}: ${deployed[0]}` : undefined;
}
