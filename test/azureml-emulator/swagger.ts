import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Validates request bodies against Microsoft's published REST spec (swagger 2.0) for the Azure
 * ML api-versions the emulator serves: `$ref` across files, `allOf` inheritance, polymorphism by
 * `discriminator` / `x-ms-discriminator-value`, required and read-only properties, types,
 * enums (case-insensitive, as ARM compares them), patterns, bounds and
 * `additionalProperties`. A body that the spec does not allow is a 400, as Azure answers it.
 */

// Swagger documents are free-form JSON.
type Schema = Record<string, any>;
interface Located {
  schema: Schema;
  file: string;
}

const SPEC_ROOT = resolve(import.meta.dirname, "../../.shared/reference/azure-rest-api-specs/specification");
const ML = join(SPEC_ROOT, "machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable");

export class SwaggerSpec {
  private readonly files = new Map<string, Schema>();
  /** Definition (file#name) → definitions that extend it with allOf. */
  private readonly children = new Map<string, Array<{ name: string; file: string }>>();
  private readonly main: string;

  constructor(apiVersion: string) {
    this.main = join(ML, apiVersion, "mfe.json");
    for (const file of [this.main, join(ML, apiVersion, "machineLearningServices.json")]) {
      for (const [name, def] of Object.entries<Schema>(this.load(file).definitions ?? {})) {
        for (const parent of def.allOf ?? []) {
          if (typeof parent.$ref !== "string") continue;
          const key = this.key(parent.$ref, file);
          this.children.set(key, [...(this.children.get(key) ?? []), { name, file }]);
        }
      }
    }
  }

  private load(file: string): Schema {
    let doc = this.files.get(file);
    if (!doc) {
      doc = JSON.parse(readFileSync(file, "utf8")) as Schema;
      this.files.set(file, doc);
    }
    return doc;
  }

  private key(ref: string, from: string): string {
    const [path, pointer] = ref.split("#");
    return `${path ? resolve(dirname(from), path) : from}#${pointer}`;
  }

  private deref(ref: string, from: string): Located {
    const [path, pointer = ""] = ref.split("#");
    const file = path ? resolve(dirname(from), path) : from;
    let node: any = this.load(file);
    for (const part of pointer.split("/").filter(Boolean)) node = node?.[part];
    if (!node) throw new Error(`swagger: ${ref} not found from ${from}`);
    return node.$ref ? this.deref(node.$ref, file) : { schema: node, file };
  }

  /** The body schema of the operation whose path template matches an ARM path. */
  bodySchema(method: string, armPath: string): Located | undefined {
    const doc = this.load(this.main);
    for (const [template, ops] of Object.entries<Schema>(doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`, "i");
      if (!pattern.test(armPath)) continue;
      const op = ops[method.toLowerCase()];
      const body = (op?.parameters ?? []).find((p: Schema) => p.in === "body");
      if (!body) return undefined;
      return body.schema.$ref ? this.deref(body.schema.$ref, this.main) : { schema: body.schema, file: this.main };
    }
    return undefined;
  }

  /** Every problem with `value` under `at`, as `path: message`. */
  validate(at: Located, value: unknown, path = ""): string[] {
    const located = at.schema.$ref ? this.deref(at.schema.$ref, at.file) : at;
    const merged = this.merged(located);
    if (value === null) return located.schema["x-nullable"] === true || merged.nullable ? [] : [`${path || "(body)"}: must not be null`];
    const problem = this.scalarProblem(merged, value);
    if (problem) return [`${path || "(body)"}: ${problem}`];
    if (Array.isArray(value)) return value.flatMap((v, i) => (merged.items ? this.validate(merged.items, v, `${path}[${i}]`) : []));
    if (typeof value === "object" && (merged.type === "object" || merged.properties))
      return this.validateObject(merged, value as Record<string, unknown>, path);
    return [];
  }

  private scalarProblem(s: MergedSchema, value: unknown): string | undefined {
    const kind = Array.isArray(value) ? "array" : typeof value;
    const expected = s.type;
    if (expected === "integer" && !(typeof value === "number" && Number.isInteger(value))) return `must be an integer, got ${JSON.stringify(value)}`;
    if (expected === "number" && typeof value !== "number") return `must be a number, got ${JSON.stringify(value)}`;
    if (expected === "string" && kind !== "string") return `must be a string, got ${JSON.stringify(value)}`;
    if (expected === "boolean" && kind !== "boolean") return `must be true or false, got ${JSON.stringify(value)}`;
    if (expected === "array" && kind !== "array") return "must be an array";
    if (expected === "object" && (kind !== "object" || Array.isArray(value))) return `must be an object, got ${JSON.stringify(value)}`;
    if (s.enum && typeof value === "string" && !s.enum.some((e) => String(e).toLowerCase() === value.toLowerCase()))
      return `'${value}' is not one of ${s.enum.join(", ")}`;
    if (s.pattern && typeof value === "string" && !new RegExp(s.pattern).test(value)) return `'${value}' does not match ${s.pattern}`;
    if (typeof value === "number" && s.minimum !== undefined && value < s.minimum) return `must be ≥ ${s.minimum}`;
    if (typeof value === "number" && s.maximum !== undefined && value > s.maximum) return `must be ≤ ${s.maximum}`;
    return undefined;
  }

  private validateObject(s: MergedSchema, value: Record<string, unknown>, path: string): string[] {
    const sub = s.discriminator ? this.subtype(s, value, path) : undefined;
    if (typeof sub === "string") return [sub];
    if (sub) return this.validateObject(this.merged(sub), value, path);
    const problems: string[] = [];
    const at = (k: string) => (path ? `${path}.${k}` : k);
    for (const name of s.required) if (value[name] === undefined && !s.properties[name]?.schema.readOnly) problems.push(`${at(name)}: is required`);
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const prop = s.properties[k];
      if (prop) problems.push(...this.validate(prop, v, at(k)));
      else if (s.additional && typeof s.additional === "object") problems.push(...this.validate(s.additional, v, at(k)));
      else if (s.additional === false || Object.keys(s.properties).length > 0) problems.push(`${at(k)}: is not a property the REST spec defines`);
    }
    return problems;
  }

  /** The subtype a discriminator value names, or why there is none. */
  private subtype(s: MergedSchema, value: Record<string, unknown>, path: string): Located | string | undefined {
    const field = s.discriminator as string;
    const given = value[field];
    if (typeof given !== "string") return `${path ? `${path}.` : ""}${field}: is required`;
    const found = this.descendants(s.key).find(({ name, file }) => {
      const def = this.load(file).definitions[name];
      return String(def["x-ms-discriminator-value"] ?? name).toLowerCase() === given.toLowerCase();
    });
    if (found) return { schema: this.load(found.file).definitions[found.name], file: found.file };
    if (s.ownValue !== undefined && s.ownValue.toLowerCase() === given.toLowerCase()) return undefined;
    return `${path ? `${path}.` : ""}${field}: '${given}' is not a type the REST spec defines here`;
  }

  private descendants(key: string): Array<{ name: string; file: string }> {
    return (this.children.get(key) ?? []).flatMap((c) => [c, ...this.descendants(`${c.file}#/definitions/${c.name}`)]);
  }

  /** A schema with its allOf parents folded in: properties, required names, discriminator. */
  private merged(at: Located): MergedSchema {
    const out: MergedSchema = { properties: {}, required: [], key: this.keyOf(at) };
    const fold = (l: Located) => {
      for (const parent of l.schema.allOf ?? []) fold(parent.$ref ? this.deref(parent.$ref, l.file) : { schema: parent, file: l.file });
      for (const [k, v] of Object.entries<Schema>(l.schema.properties ?? {})) out.properties[k] = { schema: v, file: l.file };
      out.required.push(...(l.schema.required ?? []));
      for (const k of ["type", "enum", "pattern", "minimum", "maximum", "discriminator"] as const) if (l.schema[k] !== undefined) out[k] = l.schema[k];
      if (l.schema.items) out.items = { schema: l.schema.items, file: l.file };
      if (l.schema.additionalProperties !== undefined)
        out.additional =
          typeof l.schema.additionalProperties === "object" ? { schema: l.schema.additionalProperties, file: l.file } : l.schema.additionalProperties;
    };
    fold(at);
    out.ownValue = at.schema["x-ms-discriminator-value"];
    // A schema that defines its discriminator dispatches; one that inherits it is already the subtype.
    if (!at.schema.discriminator) delete out.discriminator;
    return out;
  }

  private keyOf(at: Located): string {
    const defs = this.load(at.file).definitions ?? {};
    const name = Object.keys(defs).find((n) => defs[n] === at.schema);
    return `${at.file}#/definitions/${name ?? "?"}`;
  }
}

interface MergedSchema {
  key: string;
  properties: Record<string, Located>;
  required: string[];
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  discriminator?: string;
  ownValue?: string;
  nullable?: boolean;
  items?: Located;
  additional?: Located | boolean;
}

const SPECS = new Map<string, SwaggerSpec>();

/** The spec of an api-version the emulator serves (2022-10-01, 2024-04-01), loaded once. */
export function swaggerFor(apiVersion: string): SwaggerSpec | undefined {
  if (!["2022-10-01", "2024-04-01"].includes(apiVersion)) return undefined;
  let spec = SPECS.get(apiVersion);
  if (!spec) {
    spec = new SwaggerSpec(apiVersion);
    SPECS.set(apiVersion, spec);
  }
  return spec;
}
