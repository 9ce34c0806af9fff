/** A compute target by name (an AmlCompute cluster in the workspace, or "local" for this machine). */
export interface Compute {
  readonly kind: "compute";
  readonly name: string;
}

export function compute(name: string): Compute {
  return { kind: "compute", name };
}

export function computeName(value: Compute | string | undefined): string | undefined {
  return typeof value === "string" ? value : value?.name;
}
