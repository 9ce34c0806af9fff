/**
 * The one redaction every message, log line, record and file Sluice writes goes through: a SAS
 * token, a storage account key, a bearer token or a password in a URL must never reach a
 * terminal, a CI log or `.sluice/`. What remains still says which resource was meant.
 */

/**
 * Query parameters of an Azure shared access signature (service, account and user delegation
 * SAS): `sig` is the secret; the others say what it grants and to whom, so they go too.
 */
const SAS_PARAMS = [
  "sig",
  "se",
  "st",
  "sp",
  "sv",
  "sr",
  "spr",
  "srt",
  "ss",
  "si",
  "sip",
  "skoid",
  "sktid",
  "skt",
  "ske",
  "sks",
  "skv",
  "saoid",
  "suoid",
  "scid",
  "sdd",
  "ses",
];
/** Other query parameters that carry a credential (function keys, API keys, OAuth tokens). */
const SECRET_PARAMS = ["code", "key", "api-key", "apikey", "api_key", "token", "access_token", "refresh_token", "client_secret", "password", "secret"];

const PARAM = new RegExp(`([?&](?:${[...SAS_PARAMS, ...SECRET_PARAMS].join("|")})=)[^&#\\s"'<>]*`, "gi");
/** `AccountKey=…;` and `SharedAccessSignature=…` in connection strings, `"key": "…"`-style fields. */
const CONNECTION = /\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password|ClientSecret)=[^;\s"']*/gi;
const FIELD = /("(?:primaryKey|secondaryKey|accountKey|access_token|refresh_token|client_secret|password|apiKey|api_key|sasToken|token)"\s*:\s*")[^"]*"/gi;
/** An Authorization scheme and its credentials; prose ("Basic statistics") has no 16-character run with a digit. */
const BEARER = /\b(Bearer|Basic|SharedKey)(\s+)([A-Za-z0-9._~+/:=%-]{16,})/g;
/** A JSON web token (Azure AD access tokens), wherever it appears. */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi;

export const REDACTED = "REDACTED";

/** The text with every secret Sluice can recognise replaced by `REDACTED`. */
export function redact(text: string): string {
  return text
    .replace(PARAM, `$1${REDACTED}`)
    .replace(CONNECTION, `$1=${REDACTED}`)
    .replace(FIELD, `$1${REDACTED}"`)
    .replace(BEARER, (all, scheme: string, space: string, token: string) => (/\d/.test(token) ? `${scheme}${space}${REDACTED}` : all))
    .replace(JWT, REDACTED)
    .replace(USERINFO, `$1${REDACTED}@`);
}

/** A value (a run record, an event) with every string in it redacted, for writing as JSON. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}

/**
 * A URL without its credentials (SAS and other secret query parameters, user info): the same
 * resource whatever token reached it, for cache keys and for display.
 */
export function urlWithoutSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of [...parsed.searchParams.keys()]) {
      if ([...SAS_PARAMS, ...SECRET_PARAMS].includes(name.toLowerCase())) parsed.searchParams.delete(name);
    }
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return redact(url);
  }
}
