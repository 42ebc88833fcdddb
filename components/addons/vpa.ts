/**
 * The Vertical Pod Autoscaler: recommender, updater, admission controller and its CRDs.
 */
import * as pulumi from "@pulumi/pulumi";

import { AddonScope, ChartSource, helmChart } from "./chart";

/** Arguments for {@link installVerticalPodAutoscaler}. */
export interface VerticalPodAutoscalerArgs {
    /** The VPA chart. */
    readonly source: ChartSource;
}

/** Vertical Pod Autoscaler values: recommender, updater and admission controller. */
export function vpaValues() {
    return {
        recommender: { enabled: true },
        updater: { enabled: true },
        admissionController: { enabled: true },
    };
}

/**
 * Installs the VPA in kube-system. Returns what VerticalPodAutoscaler objects must depend on (empty
 * when disabled).
 */
export function installVerticalPodAutoscaler(
    scope: AddonScope,
    args: VerticalPodAutoscalerArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    return [helmChart(scope, "vpa", args.source, "vpa", "kube-system", vpaValues())];
}
