// The CLI v2 YAML emitters, an entry point of their own: only what writes YAML loads the YAML
// library (`sluice run`, `plan` and `deploy` start faster without it).
export { cliYamlOf, emitCliYaml, emitCliYamlComponents } from "./emit/cli-yaml.ts";
export { emitScheduleYaml } from "./emit/schedule-yaml.ts";
export { emitEndpointYamls, type EndpointYaml } from "./emit/endpoint-yaml.ts";
