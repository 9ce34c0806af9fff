/**
 * Memory (GiB) of the VM sizes Azure ML's managed online endpoints offer, from Azure's VM size
 * tables. A local scoring process is held to what its deployment's `instanceType` would give it
 * on Azure: one that grows past it would be killed there for lack of memory, so locally it is
 * recycled between requests before a user ships it.
 */
const GIB_BY_SIZE: Readonly<Record<string, number>> = {
  Standard_DS1_v2: 3.5,
  Standard_DS2_v2: 7,
  Standard_DS3_v2: 14,
  Standard_DS4_v2: 28,
  Standard_DS5_v2: 56,
  Standard_F2s_v2: 4,
  Standard_F4s_v2: 8,
  Standard_F8s_v2: 16,
  Standard_F16s_v2: 32,
  Standard_F32s_v2: 64,
  Standard_F48s_v2: 96,
  Standard_F64s_v2: 128,
  Standard_F72s_v2: 144,
  Standard_E2s_v3: 16,
  Standard_E4s_v3: 32,
  Standard_E8s_v3: 64,
  Standard_E16s_v3: 128,
  Standard_E32s_v3: 256,
  Standard_E48s_v3: 384,
  Standard_E64s_v3: 432,
  Standard_D2as_v4: 8,
  Standard_D4as_v4: 16,
  Standard_D8as_v4: 32,
  Standard_D16as_v4: 64,
  Standard_D32as_v4: 128,
  Standard_D48as_v4: 192,
  Standard_D64as_v4: 256,
  Standard_D96as_v4: 384,
  Standard_NC6s_v3: 112,
  Standard_NC12s_v3: 224,
  Standard_NC24s_v3: 448,
  Standard_NC4as_T4_v3: 28,
  Standard_NC8as_T4_v3: 56,
  Standard_NC16as_T4_v3: 110,
  Standard_NC64as_T4_v3: 440,
};

/** The share of an instance's memory one scoring process may use: the rest is the OS's and the inference server's. */
const PROCESS_SHARE = 0.85;

/** The memory a scoring process on `instanceType` may reach, in MB; undefined for a size not in the table. */
export function instanceProcessMb(instanceType: string | undefined): number | undefined {
  if (instanceType === undefined) return undefined;
  const key = Object.keys(GIB_BY_SIZE).find((k) => k.toLowerCase() === instanceType.toLowerCase());
  return key === undefined ? undefined : Math.floor((GIB_BY_SIZE[key] as number) * 1024 * PROCESS_SHARE);
}
