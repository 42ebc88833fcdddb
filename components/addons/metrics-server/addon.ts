/** The `metricsServer` add-on: metrics-server, which the HorizontalPodAutoscaler needs. */
import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { installMetricsServer } from "./metrics-server";
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
} as const satisfies Addon<ChartSource>;
