/** MLflow signature types → JSON schema types. */
const TYPES: Record<string, { type: string; format?: string }> = {
  long: { type: "integer", format: "int64" },
  integer: { type: "integer", format: "int32" },
  double: { type: "number", format: "double" },
  float: { type: "number", format: "float" },
  boolean: { type: "boolean" },
  string: { type: "string" },
};

type Signature = Array<{ name: string; type: string }>;

function isSignature(v: unknown): v is Signature {
  return Array.isArray(v) && v.every((c) => typeof c === "object" && c !== null && typeof (c as { name?: unknown }).name === "string");
}

/**
 * The endpoint's OpenAPI 2.0 document, as Azure's inference server publishes it: `POST /score`
 * with the MLflow request shape, its columns (and their types) from the model's signature.
 */
export function swaggerDocument(endpoint: string, schema: unknown): Record<string, unknown> {
  const columns = isSignature(schema) ? schema : undefined;
  const input = columns
    ? {
        type: "object",
        required: ["input_data"],
        properties: {
          input_data: {
            type: "object",
            required: ["columns", "data"],
            properties: {
              columns: { type: "array", items: { type: "string", enum: columns.map((c) => c.name) }, example: columns.map((c) => c.name) },
              index: { type: "array", items: { type: "integer" } },
              data: { type: "array", items: { type: "array", items: {} } },
            },
          },
        },
        "x-columns": Object.fromEntries(columns.map((c) => [c.name, TYPES[c.type] ?? { type: "string" }])),
      }
    : { type: "object", description: "the scoring script's run(data) receives the raw request body" };
  return {
    swagger: "2.0",
    info: { title: endpoint, version: "1.0", description: `Scoring API of endpoint ${endpoint}` },
    schemes: ["http"],
    consumes: ["application/json"],
    produces: ["application/json"],
    securityDefinitions: { Bearer: { type: "apiKey", name: "Authorization", in: "header", description: "Bearer <key>" } },
    paths: {
      "/": { get: { summary: "liveness", responses: { "200": { description: "Healthy" } } } },
      "/score": {
        post: {
          security: [{ Bearer: [] }],
          parameters: [{ name: "body", in: "body", required: true, schema: input }],
          responses: {
            "200": { description: "predictions" },
            "400": { description: "the request does not fit the model" },
            "401": { description: "missing or wrong key" },
            "413": { description: "the request is too large" },
            "500": { description: "the scoring script failed" },
          },
        },
      },
    },
  };
}
