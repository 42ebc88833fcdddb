/** The `argoRollouts` add-on: progressive delivery for services that declare `delivery`. */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import { monitoringAddon } from "../monitoring/addon";
import { argoRolloutsValues, argoRolloutsWorkload, installArgoRollouts } from "./argo-rollouts";
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
    workloads: (
        _settings: ChartSource | undefined,
        context: AddonWorkloadContext,
    ): ChartWorkload[] => [argoRolloutsWorkload(argoRolloutsValues(context.highAvailability))],
} as const satisfies Addon<ChartSource | undefined>;
