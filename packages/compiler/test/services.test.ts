// Interactive services (`services: { name: { type, logDir, sshPublicKeys, nodes } }`) on command
// steps and jobs, sent as the SDK sends them (azure-ai-ml's JobService: REST type names
// `VSCode`, `JupyterLab`, `TensorBoard`, `SSH`; TensorBoard's folder and SSH's keys among
// `properties`; `nodes: all` as `{ nodesValueType: All }`): snake_case at a pipeline node,
// camelCase in a Command job. A local run has none and says so (SL506), and a service type Azure
// does not have is refused where it is written.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cmd, commandJob, commandStep, environment, type JobService, pipeline } from "@sluice/dsl";
import { compilePipeline, restJobBody } from "../src/index.ts";
import { emitCliYaml } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-services-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "main.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SERVICES: Record<string, JobService> = {
  code: { type: "vs_code" },
  lab: { type: "jupyter_lab", nodes: "all" },
  board: { type: "tensor_board", logDir: "outputs/tb" },
  shell: { type: "ssh", sshPublicKeys: "ssh-rsa AAAA", port: 22 },
};
const ENV = environment("azureml:AzureML-sklearn-1.0@latest");

const inPipeline = () =>
  pipeline({ name: "interactive", defaultCompute: "gpu" }, () => {
    commandStep({ name: "train", code: join(root, "src"), environment: ENV, command: () => cmd`python main.py`, services: SERVICES });
  }).toIR();

describe("services", () => {
  it("at a pipeline node: the SDK's snake_case JobService dicts", () => {
    const r = compilePipeline(inPipeline(), { emitOnly: true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const node = (restJobBody(r.model).properties.jobs as Record<string, Record<string, unknown>>).train;
    expect(node?.services).toEqual({
      code: { job_service_type: "VSCode" },
      lab: { job_service_type: "JupyterLab", nodes: { nodes_value_type: "All" } },
      board: { job_service_type: "TensorBoard", properties: { logDir: "outputs/tb" } },
      shell: { job_service_type: "SSH", port: 22, properties: { sshPublicKeys: "ssh-rsa AAAA" } },
    });
    const yaml = parse(emitCliYaml(r.model, root)) as { jobs: Record<string, { services: unknown }> };
    expect(yaml.jobs.train?.services).toEqual({
      code: { type: "vs_code" },
      lab: { type: "jupyter_lab", nodes: "all" },
      board: { type: "tensor_board", log_dir: "outputs/tb" },
      shell: { type: "ssh", ssh_public_keys: "ssh-rsa AAAA", port: 22 },
    });
  });

  it("in a Command job: the REST model's camelCase", () => {
    const job = commandJob({ name: "hello-interactive", code: join(root, "src"), environment: ENV, command: () => cmd`python main.py`, services: SERVICES });
    const r = compilePipeline(job.toIR(), { emitOnly: true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(restJobBody(r.model).properties.services).toEqual({
      code: { jobServiceType: "VSCode" },
      lab: { jobServiceType: "JupyterLab", nodes: { nodesValueType: "All" } },
      board: { jobServiceType: "TensorBoard", properties: { logDir: "outputs/tb" } },
      shell: { jobServiceType: "SSH", port: 22, properties: { sshPublicKeys: "ssh-rsa AAAA" } },
    });
  });

  it("a local run warns that it opens none (SL506); Azure's compile does not", () => {
    const local = compilePipeline(inPipeline(), { target: "local" });
    expect(local.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      "SL506 warning step 'train' asks for services (code, lab, board, shell), which only Azure opens; this run has none",
    ]);
    expect(compilePipeline(inPipeline(), { emitOnly: true }).diagnostics).toEqual([]);
  });

  it("refuses a service type Azure does not have, at the step", () => {
    expect(() =>
      pipeline({ name: "p", defaultCompute: "gpu" }, () => {
        commandStep({ name: "t", environment: ENV, command: () => cmd`echo`, services: { x: { type: "rdp" } as never } });
      }),
    ).toThrow(/option 'services' of commandStep must be services whose type is one of vs_code, jupyter_lab, tensor_board, ssh \(x is not\)/);
  });
});
