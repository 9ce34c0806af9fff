import type { IncomingMessage, ServerResponse } from "node:http";

/** One request as the handlers see it: parsed URL, JSON body, and a way to answer. */
export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  res: ServerResponse;
  /** The request's headers (lower-case names). */
  headers?: IncomingMessage["headers"];
}

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json", "x-ms-request-id": crypto.randomUUID(), ...headers });
  res.end(text);
}

/** ARM's error envelope. */
export function sendError(res: ServerResponse, error: HttpError): void {
  send(res, error.status, { error: { code: error.code, message: error.message } });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A route: method plus a path pattern with named groups. */
export interface Route {
  method: string;
  pattern: RegExp;
  handle: (x: Exchange, params: Record<string, string>) => void | Promise<void>;
}

export function route(method: string, path: string, handle: Route["handle"]): Route {
  const source = path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
  return { method, pattern: new RegExp(`^${source}$`), handle };
}
