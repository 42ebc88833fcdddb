/** The `verticalPodAutoscaler` add-on: recommender, updater, admission controller and CRDs. */
import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { verticalPodAutoscalerSchema } from "./schema";
import { installVerticalPodAutoscaler } from "./vpa";

export const verticalPodAutoscalerAddon = {
    name: "verticalPodAutoscaler",
    schema: verticalPodAutoscalerSchema,
    dependsOn: [],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        return { ready: installVerticalPodAutoscaler(context, { source: settings }) };
    },
} as const satisfies Addon<ChartSource>;
