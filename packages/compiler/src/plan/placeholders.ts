/** The `componentId` the runtime replaces with an ARM id once the component exists. */
export function componentPlaceholder(componentId: string): string {
  return `sluice:component:${componentId}`;
}
