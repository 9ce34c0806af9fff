/**
 * Azure's REST spec (`LiteralJobInput.value`, api-version 2024-04-01) requires a non-empty value
 * matching the unanchored pattern `[a-zA-Z0-9_]`: at least one letter, digit or underscore.
 * Parameter defaults and `--param` overrides become such values, so both are checked with this.
 */
export function literalValueProblem(value: string): string | undefined {
  if (value === "") return "is empty, which Azure ML refuses for a pipeline input";
  if (!/[A-Za-z0-9_]/.test(value)) return `'${value}' has no letter, digit or '_', which Azure ML refuses for a pipeline input`;
  return undefined;
}
