/**
 * The `istio` add-on: the CNI node agent, then Istio base (CRDs), istiod and the mesh-wide STRICT mTLS
 * default. istiod names the tracing extension provider when the `tracing` add-on is on.
 */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import { installIstioCni, istioCniValues, istioCniWorkload } from "./istio-cni";
import { tracingExtensionProvider } from "../tracing/tracing";
import { installIstio, istiodValues, istiodWorkload } from "./istio";
import { istioSchema } from "./schema";

export const istioAddon = {
    name: "istio",
    schema: istioSchema,
    dependsOn: [],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        const cni = installIstioCni(context, { source: settings });
        const ready = installIstio(context, {
            source: settings,
            highAvailability: context.highAvailability,
            cni,
            extensionProviders: context.isEnabled("tracing") ? [tracingExtensionProvider()] : [],
            trustDomain: context.trustDomain,
        });
        return { ready };
    },
    workloads: (settings: ChartSource, context: AddonWorkloadContext): ChartWorkload[] => [
        istioCniWorkload(istioCniValues(settings.version!)),
        istiodWorkload(istiodValues(settings.version!, context.highAvailability)),
    ],
} as const satisfies Addon<ChartSource>;
