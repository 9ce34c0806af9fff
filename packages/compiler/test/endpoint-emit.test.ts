// Pins every field of the endpoint and deployment emitters, REST and CLI YAML, with each optional
// setting given and with none: a dropped, renamed or mis-converted field (seconds vs ms, an enum
// spelled the wrong way) fails here, in process, where mutation testing can see it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { batchDeployment, batchEndpoint, environment, onlineDeployment, onlineEndpoint, pipeline, pythonScriptStep, registeredModel } from "@sluice/dsl";
import { compilePipeline, endpointRequests, PLACEHOLDER_REFS, type EndpointRefs } from "../src/index.ts";
import { emitEndpointYamls } from "../src/yaml.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-endpoints-"));
mkdirSync(join(root, "score"));
writeFileSync(join(root, "score", "score.py"), "def init():\n    pass\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sklearn = environment("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");
const probe = { initialDelaySeconds: 10, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30, successThreshold: 1 };

const full = onlineEndpoint({
  name: "full",
  description: "every setting",
  authMode: "aml_token",
  tags: { team: "ml" },
  deployments: [
    onlineDeployment({
      name: "blue",
      model: registeredModel("m", 3),
      scoring: { code: join(root, "score"), script: "score.py", environment: sklearn },
      environmentVariables: { MODE: "fast" },
      instanceType: "Standard_DS3_v2",
      instanceCount: 2,
      traffic: 90,
      requestSettings: { requestTimeoutMs: 1500, maxConcurrentRequestsPerInstance: 4, maxQueueWaitMs: 500 },
      livenessProbe: probe,
      readinessProbe: { ...probe, initialDelaySeconds: 20 },
    }),
    onlineDeployment({ name: "green", model: registeredModel("m"), instanceType: "Standard_DS2_v2", traffic: 10 }),
  ],
});

const bare = onlineEndpoint({
  name: "bare",
  deployments: [onlineDeployment({ name: "only", model: registeredModel("m", 1), instanceType: "Standard_DS2_v2" })],
});

const batch = batchEndpoint({
  name: "nightly",
  description: "files at night",
  tags: { cost: "low" },
  defaultDeployment: "aaa",
  deployments: [
    batchDeployment({
      name: "aaa",
      model: registeredModel("m", 2),
      scoring: { code: join(root, "score"), script: "score.py", environment: sklearn },
      compute: "cpu-cluster",
      instanceCount: 3,
      maxConcurrencyPerInstance: 2,
      miniBatchSize: 10,
      outputAction: "summary_only",
      outputFileName: "out.csv",
      errorThreshold: 5,
      retry: { maxRetries: 4, timeoutSeconds: 90 },
      loggingLevel: "debug",
      environmentVariables: { X: "1" },
    }),
    batchDeployment({ name: "bbb", model: registeredModel("m"), compute: "gpu-cluster", outputAction: "append_row", loggingLevel: "warning" }),
  ],
});

const plainBatch = batchEndpoint({
  name: "plain",
  deployments: [batchDeployment({ name: "ppp", model: registeredModel("m", 1), compute: "cpu-cluster", loggingLevel: "info" })],
});

function compiled() {
  const p = pipeline({ name: "served", defaultCompute: "cpu-cluster", endpoints: [full, bare, batch, plainBatch] }, () => {
    pythonScriptStep({ name: "noop", sourceDirectory: join(root, "score"), script: "score.py" });
    return {};
  });
  const result = compilePipeline(p.toIR());
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.model;
}

// Compiled and emitted inside each test (not at load), so mutation testing sees every mutant.
const model = () => compiled();
const snapshot = () => model().codeSnapshots[0]?.id;
const env = () => model().environments[0]?.id;
const requests = () => endpointRequests(model(), PLACEHOLDER_REFS);
const at = (path: string, index = 0) => requests().filter((r) => r.path === path)[index]?.body as Record<string, any>;

describe("online endpoints over REST", () => {
  it("sends the endpoint without traffic, its deployments, then the endpoint with traffic, in that order", () => {
    expect(requests().map((r) => r.path)).toEqual([
      "onlineEndpoints/bare",
      "onlineEndpoints/bare/deployments/only",
      "onlineEndpoints/bare",
      "onlineEndpoints/full",
      "onlineEndpoints/full/deployments/blue",
      "onlineEndpoints/full/deployments/green",
      "onlineEndpoints/full",
      "batchEndpoints/nightly",
      "batchEndpoints/nightly/deployments/aaa",
      "batchEndpoints/nightly/deployments/bbb",
      "batchEndpoints/plain",
      "batchEndpoints/plain/deployments/ppp",
    ]);
    expect(at("onlineEndpoints/full")).toEqual({
      identity: { type: "SystemAssigned" },
      location: "sluice:workspace-location",
      properties: { authMode: "AMLToken", description: "every setting", traffic: {} },
      tags: { team: "ml" },
    });
    expect(at("onlineEndpoints/full", 1).properties.traffic).toEqual({ blue: 90, green: 10 });
    expect(at("onlineEndpoints/bare", 1).properties).toEqual({ authMode: "Key", description: undefined, traffic: { only: 100 } });
  });

  it("converts every deployment setting: ms and seconds to ISO durations, probes, scoring, variables", () => {
    expect(snapshot()).toBeDefined();
    expect(at("onlineEndpoints/full/deployments/blue")).toEqual({
      location: "sluice:workspace-location",
      properties: {
        endpointComputeType: "Managed",
        model: "sluice:model:m:3",
        codeConfiguration: { codeId: `sluice:code:${snapshot()}`, scoringScript: "score.py" },
        environmentId: `sluice:environment:${env()}`,
        environmentVariables: { MODE: "fast" },
        instanceType: "Standard_DS3_v2",
        requestSettings: { requestTimeout: "PT2S", maxConcurrentRequestsPerInstance: 4, maxQueueWait: "PT1S" },
        livenessProbe: { initialDelay: "PT10S", period: "PT5S", timeout: "PT2S", failureThreshold: 30, successThreshold: 1 },
        readinessProbe: { initialDelay: "PT20S", period: "PT5S", timeout: "PT2S", failureThreshold: 30, successThreshold: 1 },
        appInsightsEnabled: false,
      },
      sku: { name: "Default", capacity: 2 },
    });
  });

  it("leaves out what a deployment does not set (no scoring: a no-code MLflow deployment)", () => {
    const green = at("onlineEndpoints/full/deployments/green");
    expect(green.properties.model).toBe("sluice:model:m:latest");
    expect(green.properties.codeConfiguration).toBeUndefined();
    expect(green.properties.environmentId).toBeUndefined();
    expect(green.properties.requestSettings).toBeUndefined();
    expect(green.properties.livenessProbe).toBeUndefined();
    expect(green.properties.readinessProbe).toBeUndefined();
    expect(green.sku).toEqual({ name: "Default", capacity: 1 });
  });

  it("asks the refs for the model by deployment name, so deploy can pin each one", () => {
    const seen: string[] = [];
    const refs: EndpointRefs = {
      ...PLACEHOLDER_REFS,
      model: (m, d) => {
        seen.push(`${d}=${m.name}:${m.version}`);
        return `id:${d}`;
      },
    };
    const bodies = endpointRequests(model(), refs);
    expect(seen).toEqual(["only=m:1", "blue=m:3", "green=m:latest", "aaa=m:2", "bbb=m:latest", "ppp=m:1"]);
    expect((bodies[4]?.body as Record<string, any>)?.properties.model).toBe("id:blue");
    expect((bodies[8]?.body as Record<string, any>)?.properties.model).toEqual({ referenceType: "Id", assetId: "id:aaa" });
  });

  it("emits nothing for a plan without endpoints", () => {
    expect(endpointRequests({}, PLACEHOLDER_REFS)).toEqual([]);
  });
});

describe("batch endpoints over REST", () => {
  it("sends the endpoint with its default deployment", () => {
    expect(at("batchEndpoints/nightly")).toEqual({
      location: "sluice:workspace-location",
      properties: { authMode: "AADToken", description: "files at night", defaults: { deploymentName: "aaa" } },
      tags: { cost: "low" },
    });
    // A single deployment is the default one without saying so.
    expect(at("batchEndpoints/plain").properties.defaults).toEqual({ deploymentName: "ppp" });
  });

  it("converts every batch deployment setting", () => {
    expect(at("batchEndpoints/nightly/deployments/aaa")).toEqual({
      location: "sluice:workspace-location",
      properties: {
        model: { referenceType: "Id", assetId: "sluice:model:m:2" },
        codeConfiguration: { codeId: `sluice:code:${snapshot()}`, scoringScript: "score.py" },
        environmentId: `sluice:environment:${env()}`,
        environmentVariables: { X: "1" },
        compute: "sluice:compute:cpu-cluster",
        resources: { instanceCount: 3 },
        maxConcurrencyPerInstance: 2,
        miniBatchSize: 10,
        outputAction: "SummaryOnly",
        outputFileName: "out.csv",
        errorThreshold: 5,
        retrySettings: { maxRetries: 4, timeout: "PT1M30S" },
        loggingLevel: "Debug",
      },
    });
    const b = at("batchEndpoints/nightly/deployments/bbb").properties;
    expect([b.outputAction, b.loggingLevel, b.compute, b.resources, b.retrySettings]).toEqual([
      "AppendRow",
      "Warning",
      "sluice:compute:gpu-cluster",
      { instanceCount: 1 },
      undefined,
    ]);
    expect(at("batchEndpoints/plain/deployments/ppp").properties.loggingLevel).toBe("Info");
  });
});

describe("endpoints as CLI v2 YAML", () => {
  const yamls = () => Object.fromEntries(emitEndpointYamls(model(), root).map((y) => [y.file, parse(y.text)]));

  it("writes one file per endpoint and per deployment", () => {
    const files = yamls();
    expect(Object.keys(files)).toEqual([
      "bare.endpoint.yml",
      "bare.only.deployment.yml",
      "full.endpoint.yml",
      "full.blue.deployment.yml",
      "full.green.deployment.yml",
      "nightly.endpoint.yml",
      "nightly.aaa.deployment.yml",
      "nightly.bbb.deployment.yml",
      "plain.endpoint.yml",
      "plain.ppp.deployment.yml",
    ]);
  });

  it("writes an online endpoint and its deployments with every setting, in the CLI's units", () => {
    const files = yamls();
    expect(files["full.endpoint.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json",
      name: "full",
      auth_mode: "aml_token",
      description: "every setting",
      tags: { team: "ml" },
      traffic: { blue: 90, green: 10 },
    });
    expect(files["bare.endpoint.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json",
      name: "bare",
      auth_mode: "key",
      traffic: { only: 100 },
    });
    expect(files["full.blue.deployment.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json",
      name: "blue",
      endpoint_name: "full",
      model: "azureml:m:3",
      code_configuration: { code: "./score", scoring_script: "score.py" },
      environment: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
      instance_type: "Standard_DS3_v2",
      instance_count: 2,
      request_settings: { request_timeout_ms: 1500, max_concurrent_requests_per_instance: 4, max_queue_wait_ms: 500 },
      liveness_probe: { initial_delay: 10, period: 5, timeout: 2, failure_threshold: 30, success_threshold: 1 },
      readiness_probe: { initial_delay: 20, period: 5, timeout: 2, failure_threshold: 30, success_threshold: 1 },
      environment_variables: { MODE: "fast" },
    });
    expect(files["full.green.deployment.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json",
      name: "green",
      endpoint_name: "full",
      model: "azureml:m@latest",
      instance_type: "Standard_DS2_v2",
      instance_count: 1,
    });
  });

  it("writes a batch endpoint and its deployments with every setting", () => {
    const files = yamls();
    expect(files["nightly.endpoint.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json",
      name: "nightly",
      description: "files at night",
      tags: { cost: "low" },
      defaults: { deployment_name: "aaa" },
    });
    expect(files["plain.endpoint.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json",
      name: "plain",
      defaults: { deployment_name: "ppp" },
    });
    expect(files["nightly.aaa.deployment.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/batchDeployment.schema.json",
      name: "aaa",
      endpoint_name: "nightly",
      model: "azureml:m:2",
      code_configuration: { code: "./score", scoring_script: "score.py" },
      environment: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
      compute: "azureml:cpu-cluster",
      resources: { instance_count: 3 },
      max_concurrency_per_instance: 2,
      mini_batch_size: 10,
      output_action: "summary_only",
      output_file_name: "out.csv",
      error_threshold: 5,
      retry_settings: { max_retries: 4, timeout: 90 },
      logging_level: "debug",
      environment_variables: { X: "1" },
    });
    expect(files["nightly.bbb.deployment.yml"]).toEqual({
      $schema: "https://azuremlschemas.azureedge.net/latest/batchDeployment.schema.json",
      name: "bbb",
      endpoint_name: "nightly",
      model: "azureml:m@latest",
      compute: "azureml:gpu-cluster",
      resources: { instance_count: 1 },
      output_action: "append_row",
      logging_level: "warning",
    });
  });

  it("writes scoring code relative to the folder the YAML goes to", () => {
    const deeper = Object.fromEntries(emitEndpointYamls(model(), join(root, "out", "yaml")).map((y) => [y.file, parse(y.text)]));
    expect(deeper["full.blue.deployment.yml"].code_configuration.code).toBe("../../score");
  });
});

describe("a batch endpoint without deployments yet", () => {
  it("names no default deployment", () => {
    const m = model();
    const spec = m.endpoints?.find((e) => e.name === "plain");
    if (spec?.type !== "batch") throw new Error("plain is a batch endpoint");
    const [endpoint] = endpointRequests({ endpoints: [{ ...spec, defaultDeployment: undefined, deployments: [] }] }, PLACEHOLDER_REFS);
    expect(endpoint?.body).toEqual({
      location: "sluice:workspace-location",
      properties: { authMode: "AADToken", description: undefined, defaults: undefined },
      tags: {},
    });
    const [yaml] = emitEndpointYamls({ ...m, endpoints: [{ ...spec, defaultDeployment: undefined, deployments: [] }] }, root);
    expect(parse(yaml?.text ?? "")).toEqual({ $schema: "https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json", name: "plain" });
  });
});
