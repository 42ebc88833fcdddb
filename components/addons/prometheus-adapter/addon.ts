/** The `prometheusAdapter` add-on: serves Pods metrics for the HPA from Prometheus (only with `monitoring`). */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import { monitoringAddon } from "../monitoring/addon";
import {
    installPrometheusAdapter,
    PROMETHEUS_ADAPTER_RELEASE_ID,
    prometheusAdapterValues,
    prometheusAdapterWorkload,
} from "./prometheus-adapter";
import { prometheusAdapterSchema } from "./schema";

export const prometheusAdapterAddon = {
    name: "prometheusAdapter",
    schema: prometheusAdapterSchema,
    dependsOn: [monitoringAddon.name],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        const monitoring = context.installed(monitoringAddon)?.outputs;
        const ready = installPrometheusAdapter(context, {
            source: { ...settings, enabled: settings.enabled && !!monitoring },
            highAvailability: context.highAvailability,
            dependsOn: monitoring?.ready,
        });
        return { ready };
    },
    workloads: (_settings: ChartSource, context: AddonWorkloadContext): ChartWorkload[] =>
        context.isEnabled(monitoringAddon.name)
            ? [
                  prometheusAdapterWorkload(
                      context.release(PROMETHEUS_ADAPTER_RELEASE_ID),
                      prometheusAdapterValues(context.highAvailability),
                  ),
              ]
            : [],
} as const satisfies Addon<ChartSource>;
