/**
 * The `tracing` add-on: the OpenTelemetry collector (to AWS X-Ray) and the mesh-wide sample rate.
 * Only with `istio`: the sidecars produce the spans.
 */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import { ISTIO_NAMESPACE } from "../istio/istio";
import { istioAddon } from "../istio/addon";
import { tracingSchema } from "./schema";
import { collectorValues, collectorWorkload, installTracing } from "./tracing";

/** The add-on's settings: the chart and the mesh-wide sampling percentage. */
export type TracingSettings = ChartSource & {
    /** Percentage of requests the mesh traces. */
    readonly samplingPercent: number;
};

export const tracingAddon = {
    name: "tracing",
    schema: tracingSchema,
    dependsOn: [istioAddon.name],
    enabled: (settings: TracingSettings) => settings.enabled,
    install(context: AddonContext, settings: TracingSettings): AddonInstall {
        const istio = context.installed(istioAddon);
        if (istio === undefined) {
            return { ready: [] };
        }
        const ready = installTracing(context, {
            source: settings,
            region: context.region,
            istioNamespace: ISTIO_NAMESPACE,
            istio: istio.ready,
            highAvailability: context.highAvailability,
        });
        return { ready };
    },
    workloads: (_settings: TracingSettings, context: AddonWorkloadContext): ChartWorkload[] =>
        context.isEnabled(istioAddon.name)
            ? [
                  collectorWorkload(
                      collectorValues({
                          region: "region",
                          highAvailability: context.highAvailability,
                      }),
                  ),
              ]
            : [],
} as const satisfies Addon<TracingSettings>;
