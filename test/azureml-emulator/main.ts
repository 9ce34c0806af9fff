// The Azure ML emulator on its own, for trying deploy scripts by hand:
//   npm run -s azureml-emulator -- --port 8443 --blob-endpoint http://127.0.0.1:10000/devstoreaccount1 --request-log requests.jsonl
// It prints the environment that points the Sluice CLI at it.
import { parseArgs } from "node:util";
import { startEmulator } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "blob-endpoint": { type: "string" },
    "request-log": { type: "string" },
    "work-dir": { type: "string" },
    compute: { type: "string", multiple: true },
    "web-file": { type: "string", multiple: true },
  },
});
if (!values["blob-endpoint"]) {
  process.stderr.write("usage: azureml-emulator --blob-endpoint <azurite blob url> [--port p] [--request-log file] [--compute name]… [--web-file url=path]…\n");
  process.exit(2);
}
const webFiles = Object.fromEntries((values["web-file"] ?? []).map((pair) => [pair.slice(0, pair.lastIndexOf("=")), pair.slice(pair.lastIndexOf("=") + 1)]));
const emulator = await startEmulator({
  port: Number(values.port),
  blobEndpoint: values["blob-endpoint"],
  webFiles,
  ...(values["request-log"] ? { requestLog: values["request-log"] } : {}),
  ...(values["work-dir"] ? { workDir: values["work-dir"] } : {}),
  ...(values.compute ? { computes: values.compute } : {}),
});
// Jobs' steps run as children of this process: give them what Azure ML gives a job.
Object.assign(process.env, emulator.jobEnv);
const [, , sub, , rg, , , , ws] = emulator.ctx.wsId.split("/");
process.stdout.write(
  [
    `Azure ML emulator listening on ${emulator.url}`,
    `export SLUICE_ARM_ENDPOINT=${emulator.url}`,
    `export SLUICE_ARM_TOKEN=${emulator.token}`,
    `export SLUICE_BLOB_ENDPOINT=${emulator.ctx.storage.endpoint}`,
    `export NODE_EXTRA_CA_CERTS=${emulator.caFile}`,
    `export AZURE_SUBSCRIPTION_ID=${sub}`,
    `export AZURE_RESOURCE_GROUP=${rg}`,
    `export AZUREML_WORKSPACE_NAME=${ws}`,
    "",
  ].join("\n"),
);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
