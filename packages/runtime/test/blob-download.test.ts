import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { downloadPrefix, type BlobStore } from "../src/azure/blob-store.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-blobs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A container that lists the given names and "downloads" each as its own name. */
function store(names: string[]): BlobStore {
  const container = {
    async *listBlobsFlat() {
      for (const name of names) yield { name, metadata: {} };
    },
    getBlobClient: (name: string) => ({ downloadToFile: async (path: string) => writeFileSync(path, name) }),
  };
  return { container, containerUrl: "https://acct.blob.core.windows.net/c", datastore: "workspaceblobstore", secrets: [] } as unknown as BlobStore;
}

describe("downloading a datastore folder", () => {
  it("keeps relative paths under the target", async () => {
    const target = join(root, "ok");
    const got = await downloadPrefix(store(["azureml/run/out/a.txt", "azureml/run/out/sub/b.txt"]), "azureml/run/out", target);
    expect(got.files).toBe(2);
    expect(existsSync(join(target, "sub", "b.txt"))).toBe(true);
  });

  it("refuses a blob name that would escape the target, before writing anything", async () => {
    const target = join(root, "evil");
    await expect(downloadPrefix(store(["azureml/run/out/fine.txt", "azureml/run/out/../../../../escaped.txt"]), "azureml/run/out", target)).rejects.toThrow(
      /escapes/,
    );
    expect(existsSync(join(target, "fine.txt"))).toBe(false);
    expect(existsSync(join(root, "escaped.txt"))).toBe(false);
  });
});
