/** The `nvidiaDevicePlugin` add-on: one device plugin release per GPU node group. */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import {
    gpuNodeGroups,
    installNvidiaDevicePlugin,
    nvidiaDevicePluginReleaseId,
    nvidiaDevicePluginValues,
    nvidiaDevicePluginWorkload,
} from "./nvidia-device-plugin";
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
    workloads: (settings: ChartSource, context: AddonWorkloadContext): ChartWorkload[] =>
        gpuNodeGroups(context.nodeGroups).map(([group, scheduling]) =>
            nvidiaDevicePluginWorkload(
                context.release(nvidiaDevicePluginReleaseId(group)),
                nvidiaDevicePluginValues(scheduling),
                settings.version!,
            ),
        ),
} as const satisfies Addon<ChartSource>;
