/** The `metricsServer` add-on: metrics-server, which the HorizontalPodAutoscaler needs. */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import {
    installMetricsServer,
    METRICS_SERVER_RELEASE_ID,
    metricsServerValues,
    metricsServerWorkload,
} from "./metrics-server";
import { metricsServerSchema } from "./schema";

export const metricsServerAddon = {
    name: "metricsServer",
    schema: metricsServerSchema,
    dependsOn: [],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        const ready = installMetricsServer(context, {
            source: settings,
            highAvailability: context.highAvailability,
        });
        return { ready };
    },
    workloads: (_settings: ChartSource, context: AddonWorkloadContext): ChartWorkload[] => [
        metricsServerWorkload(
            context.release(METRICS_SERVER_RELEASE_ID),
            metricsServerValues(context.highAvailability),
        ),
    ],
} as const satisfies Addon<ChartSource>;
