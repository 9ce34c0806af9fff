import type { AccessToken, TokenCredential } from "@azure/identity";
import { SluiceError } from "../errors/sluice-error.ts";

/** Where ARM lives, and how Sluice authenticates to it. */
export interface AzureEndpoints {
  arm: string;
  /** Replaces `{protocol}://{account}.blob.{suffix}` (Azurite serves accounts by path). Test-only. */
  blob?: string;
  credential: TokenCredential;
  /** True when talking to a loopback emulator through the test-only override. */
  emulated: boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A fixed bearer token: what the emulator accepts, never used against a non-loopback host. */
class StaticTokenCredential implements TokenCredential {
  private readonly token: string;
  constructor(token: string) {
    this.token = token;
  }
  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

function loopbackUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SluiceError("environment", `${name} is not a URL`);
  }
  if (!LOOPBACK.has(url.hostname))
    throw new SluiceError("environment", `${name} must point at a loopback emulator (127.0.0.1 or localhost), not ${url.hostname}`, {
      hint: "the override exists for tests; unset it to talk to Azure",
    });
  return value.replace(/\/+$/, "");
}

/**
 * Production: `https://management.azure.com` with `DefaultAzureCredential` (env, managed
 * identity, Azure CLI…). Tests: `SLUICE_ARM_ENDPOINT` (+ `SLUICE_ARM_TOKEN`, `SLUICE_BLOB_ENDPOINT`)
 * point the same code at the loopback emulator and Azurite.
 */
export async function azureEndpoints(env: NodeJS.ProcessEnv = process.env): Promise<AzureEndpoints> {
  if (env.SLUICE_ARM_ENDPOINT) {
    const arm = loopbackUrl(env.SLUICE_ARM_ENDPOINT, "SLUICE_ARM_ENDPOINT");
    const blob = env.SLUICE_BLOB_ENDPOINT ? loopbackUrl(env.SLUICE_BLOB_ENDPOINT, "SLUICE_BLOB_ENDPOINT") : undefined;
    if (!env.SLUICE_ARM_TOKEN)
      throw new SluiceError("environment", "SLUICE_ARM_ENDPOINT is set but SLUICE_ARM_TOKEN is not", { hint: "the emulator prints both when it starts" });
    return { arm, credential: new StaticTokenCredential(env.SLUICE_ARM_TOKEN), emulated: true, ...(blob ? { blob } : {}) };
  }
  const { DefaultAzureCredential } = await import("@azure/identity");
  return { arm: "https://management.azure.com", credential: new DefaultAzureCredential(), emulated: false };
}

/** Removes SAS signatures, account keys and bearer tokens from text bound for users or logs. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(/([?&])(sig|se|sv|sp|st|spr|srt|ss|sr|skoid|sktid|skt|ske|sks|skv)=[^&\s"']+/gi, "$1$2=REDACTED")
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi, "$1REDACTED")
    .replace(/(AccountKey=)[^;\s"']+/gi, "$1REDACTED");
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("REDACTED");
  return out;
}
