/** The `nvidiaDevicePlugin` add-on: one device plugin release per GPU node group. */
import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { installNvidiaDevicePlugin } from "./nvidia-device-plugin";
import { nvidiaDevicePluginSchema } from "./schema";

export const nvidiaDevicePluginAddon = {
    name: "nvidiaDevicePlugin",
    schema: nvidiaDevicePluginSchema,
    dependsOn: [],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        const ready = installNvidiaDevicePlugin(context, {
            source: settings,
            nodeGroups: context.nodeGroups,
        });
        return { ready };
    },
} as const satisfies Addon<ChartSource>;
