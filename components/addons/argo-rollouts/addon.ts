/** The `argoRollouts` add-on: progressive delivery for services that declare `delivery`. */
import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { monitoringAddon } from "../monitoring/addon";
import { installArgoRollouts } from "./argo-rollouts";
import { argoRolloutsSchema } from "./schema";

export const argoRolloutsAddon = {
    name: "argoRollouts",
    schema: argoRolloutsSchema,
    dependsOn: [monitoringAddon.name],
    enabled: (settings: ChartSource | undefined) => settings?.enabled ?? false,
    install(context: AddonContext, settings: ChartSource | undefined): AddonInstall {
        const monitoring = context.installed(monitoringAddon)?.outputs;
        const ready = installArgoRollouts(context, {
            source: settings ?? { enabled: false, repository: "" },
            highAvailability: context.highAvailability,
            monitorLabels: monitoring?.selectorLabels,
            monitoring: monitoring?.ready,
        });
        return { ready };
    },
} as const satisfies Addon<ChartSource | undefined>;
