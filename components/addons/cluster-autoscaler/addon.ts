/**
 * The `clusterAutoscaler` add-on: scales the node groups that have an EKS `nodeGroupName`, and only
 * those.
 */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import {
    clusterAutoscalerValues,
    clusterAutoscalerWorkload,
    installClusterAutoscaler,
} from "./cluster-autoscaler";
import { clusterAutoscalerSchema } from "./schema";

/** The add-on's settings: the chart and the autoscaler image tag. */
export type ClusterAutoscalerSettings = ChartSource & {
    /** Autoscaler image tag; it must match the cluster's Kubernetes minor. @default the chart's */
    readonly imageTag?: string;
};

export const clusterAutoscalerAddon = {
    name: "clusterAutoscaler",
    schema: clusterAutoscalerSchema,
    dependsOn: [],
    enabled: (settings: ClusterAutoscalerSettings) => settings.enabled,
    install(context: AddonContext, settings: ClusterAutoscalerSettings): AddonInstall {
        const ready = installClusterAutoscaler(context, {
            source: settings,
            clusterName: context.clusterName,
            nodeGroupNames: Object.values(context.nodeGroups).flatMap((g) =>
                g.nodeGroupName === undefined ? [] : [g.nodeGroupName],
            ),
            highAvailability: context.highAvailability,
        });
        return { ready };
    },
    workloads: (
        settings: ClusterAutoscalerSettings,
        context: AddonWorkloadContext,
    ): ChartWorkload[] => [
        clusterAutoscalerWorkload(
            clusterAutoscalerValues({
                clusterName: "cluster",
                region: "region",
                imageTag: settings.imageTag,
                highAvailability: context.highAvailability,
            }),
        ),
    ],
} as const satisfies Addon<ClusterAutoscalerSettings>;
