/** Version of the IR's shape; bumped on any incompatible change. */
export const IR_VERSION = 2 as const;
