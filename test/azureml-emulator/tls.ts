import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "selfsigned";

/**
 * A throwaway self-signed certificate for 127.0.0.1/localhost. ARM clients refuse bearer tokens
 * over plain HTTP, so the emulator speaks HTTPS; clients trust it via NODE_EXTRA_CA_CERTS.
 */
export async function loopbackCertificate(dir: string): Promise<{ key: string; cert: string; caFile: string }> {
  const pems = await generate([{ name: "commonName", value: "sluice-azureml-emulator" }], {
    keyType: "ec",
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  } as never);
  const caFile = join(dir, "emulator-ca.pem");
  writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile };
}
