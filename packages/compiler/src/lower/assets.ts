import { resolve } from "node:path";
import { DEFAULT_ENVIRONMENT, environment } from "@sluice/dsl";
import type { EnvironmentIR } from "@sluice/dsl/ir";
import { snapshotCode } from "../hash/code-snapshot.ts";
import type { CompilerHost } from "../host/compiler-host.ts";
import { contentVersion } from "../hash/content-version.ts";
import type { CodeSnapshotSpec, ComponentSpec, EnvironmentSpec, PipelineComponentSpec } from "../plan/execution-plan.ts";
import { componentPlaceholder } from "../plan/placeholders.ts";
import { imageEnvironmentVersion, registeredEnvironmentId } from "./values.ts";

const DEFAULT_ENV_IR = environment(DEFAULT_ENVIRONMENT).ir;

/**
 * The assets a pipeline needs, deduplicated by content: code snapshots (one per folder, hashed
 * once per compile), environments and components.
 */
/** The name the SDK registers an environment without one under. */
const ANONYMOUS = "CliV2AnonymousEnvironment";

export class AssetTable {
  readonly snapshots = new Map<string, CodeSnapshotSpec>();
  readonly environments = new Map<string, EnvironmentSpec>();
  readonly components = new Map<string, ComponentSpec>();
  /** In insertion order: a component's inner pipeline components come before it. */
  readonly pipelineComponents = new Map<string, PipelineComponentSpec>();
  private readonly byDir = new Map<string, CodeSnapshotSpec>();

  private readonly host: CompilerHost;

  constructor(host: CompilerHost) {
    this.host = host;
  }

  snapshot(dir: string, builtin: boolean): CodeSnapshotSpec {
    const known = this.byDir.get(dir);
    if (known) return known;
    const { dir: path, ignoreFile, ...code } = snapshotCode(dir, this.host);
    const spec: CodeSnapshotSpec = { ...code, path, ignoreFile: ignoreFile ?? null, id: `code-${code.sha256.slice(0, 16)}`, builtin };
    this.byDir.set(dir, spec);
    this.snapshots.set(spec.id, spec);
    return spec;
  }

  /**
   * An environment once: registered ones by name and version, registry ones by URI, images and
   * build contexts by content (under their own name when they have one, as the SDK registers an
   * inline environment with a name; anonymous otherwise).
   */
  environment(env: EnvironmentIR | undefined, baseDir: (env: EnvironmentIR) => string): EnvironmentSpec {
    const ir = env ?? DEFAULT_ENV_IR;
    let spec: EnvironmentSpec;
    if (ir.type === "registered" && ir.label !== undefined) {
      // A label other than latest is Azure's to resolve, as a registry URI is: passed on as written.
      spec = { id: registeredEnvironmentId(ir), kind: "reference" };
    } else if (ir.type === "registered") {
      spec = { id: registeredEnvironmentId(ir), kind: "registered", name: ir.name, version: ir.version };
    } else if (ir.type === "uri") {
      spec = { id: ir.uri, kind: "reference" };
    } else if (ir.type === "build") {
      const context = resolve(baseDir(ir), ir.path);
      const sha256 = snapshotCode(context, this.host).sha256;
      const version = ir.version ?? contentVersion({ build: sha256, dockerfile: ir.dockerfile ?? "Dockerfile" }).replace(/-/g, "");
      spec = { id: `${ir.name ?? ANONYMOUS}:${version}`, kind: "build", context, sha256, version, ...(ir.name !== undefined ? { name: ir.name } : {}) };
      // The SDK sends `dockerfile_path` only when the pipeline gave one.
      if (ir.dockerfile !== undefined) spec.dockerfile = ir.dockerfile;
    } else {
      const condaFile = ir.condaFile === undefined ? undefined : resolve(baseDir(ir), ir.condaFile);
      const conda = condaFile === undefined ? undefined : this.host.readText(condaFile);
      // A named environment without a version gets its content's, in the characters a version may have.
      const content = imageEnvironmentVersion(ir.image, conda);
      const version = ir.version ?? (ir.name === undefined ? content : content.replace(/-/g, ""));
      spec = { id: `${ir.name ?? ANONYMOUS}:${version}`, kind: "image", image: ir.image, version, ...(ir.name !== undefined ? { name: ir.name } : {}) };
      if (condaFile !== undefined) Object.assign(spec, { condaFile, conda });
    }
    if (!this.environments.has(spec.id)) this.environments.set(spec.id, spec);
    return spec;
  }

  /**
   * Anonymous versions hash the spec minus its name, as the SDK does, so renaming a step keeps
   * reuse; a named component keeps the version its author gave.
   */
  component(
    spec: Omit<ComponentSpec, "id" | "version" | "placeholder" | "usedBy">,
    snapshotSha: string | undefined,
    node: string,
    given?: string,
  ): ComponentSpec {
    const { name, named: _, ...content } = spec;
    const version = given ?? contentVersion({ ...content, code: snapshotSha ?? null });
    const id = `${name}:${version}`;
    const component = this.components.get(id) ?? { ...spec, id, version, placeholder: componentPlaceholder(id), usedBy: [] };
    this.components.set(id, component);
    component.usedBy.push(node);
    return component;
  }

  /** Pipeline components are versioned by their content (inner nodes and their component ids) unless named with a version. */
  pipelineComponent(spec: Omit<PipelineComponentSpec, "id" | "version" | "placeholder" | "usedBy">, node: string, given?: string): PipelineComponentSpec {
    const { name, named: _, ...content } = spec;
    const version = given ?? contentVersion(content);
    const id = `${name}:${version}`;
    const component = this.pipelineComponents.get(id) ?? { ...spec, id, version, placeholder: componentPlaceholder(id), usedBy: [] };
    this.pipelineComponents.set(id, component);
    component.usedBy.push(node);
    return component;
  }
}
