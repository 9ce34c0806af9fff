/** `1 step`, `3 steps`: counts in messages read as English. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
