/**
 * The `addons.nvidiaDevicePlugin` config.
 */
import { chartSchema } from "../core/chart-schema";

/** The NVIDIA device plugin, on every GPU node group. */
export const nvidiaDevicePluginSchema = chartSchema("https://nvidia.github.io/k8s-device-plugin");
