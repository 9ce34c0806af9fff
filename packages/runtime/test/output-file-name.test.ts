// The file a uri_file output is locally, inside its output folder: the last segment of the path
// it is sent to when that names a file (`…/hello_world.txt`), else the output's own name.
import { describe, expect, it } from "vitest";
import { outputFileName } from "../src/backends/local/local-nodes.ts";

describe("a uri_file output's local file name", () => {
  it.each<[string | undefined, string]>([
    [undefined, "report"],
    ["azureml://datastores/workspaceblobstore/paths/${{name}}/hello_world.txt", "hello_world.txt"],
    ["azureml://datastores/workspaceblobstore/paths/${{name}}/model.tar.gz", "model.tar.gz"],
    ["azureml://datastores/workspaceblobstore/paths/${{name}}/", "report"],
    ["azureml://datastores/workspaceblobstore/paths/${{name}}", "report"],
    ["azureml://datastores/workspaceblobstore/paths/out/${{output_name}}.csv", "report"],
    ["azureml://datastores/workspaceblobstore/paths/out/..", "report"],
    ["azureml://datastores/workspaceblobstore/paths/out/.hidden", "report"],
  ])("sent to %s is %s", (path, expected) => {
    expect(outputFileName("report", path)).toBe(expected);
  });
});
