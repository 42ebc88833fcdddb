/** The `verticalPodAutoscaler` add-on: recommender, updater, admission controller and CRDs. */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import { verticalPodAutoscalerSchema } from "./schema";
import { installVerticalPodAutoscaler, VPA_RELEASE_ID, vpaValues, vpaWorkloads } from "./vpa";

export const verticalPodAutoscalerAddon = {
    name: "verticalPodAutoscaler",
    schema: verticalPodAutoscalerSchema,
    dependsOn: [],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        return { ready: installVerticalPodAutoscaler(context, { source: settings }) };
    },
    workloads: (_settings: ChartSource, context: AddonWorkloadContext): ChartWorkload[] =>
        vpaWorkloads(context.release(VPA_RELEASE_ID), vpaValues()),
} as const satisfies Addon<ChartSource>;
