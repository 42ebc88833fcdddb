/**
 * The `monitoring` add-on: kube-prometheus-stack. Its volumes need the EBS CSI driver, its credentials
 * External Secrets, and its scrape targets the mesh's mTLS certificates (Istio).
 */
import type { ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import { kubePrometheusStackValues } from "./monitoring-values";
import { monitoringWorkloads } from "./monitoring-workloads";

import { ebsCsiDriverAddon } from "../ebs-csi-driver/addon";
import { externalSecretsAddon } from "../external-secrets/addon";
import { istioAddon } from "../istio/addon";
import { installMonitoring, MonitoringArgs, MonitoringInstall } from "./monitoring";
import { monitoringSchema } from "./schema";

/** The add-on's settings: the chart and its per-stack settings. */
export type MonitoringAddonSettings = MonitoringArgs["source"];

export const monitoringAddon = {
    name: "monitoring",
    schema: monitoringSchema,
    dependsOn: [externalSecretsAddon.name, istioAddon.name, ebsCsiDriverAddon.name],
    enabled: (settings: MonitoringAddonSettings) => settings.enabled,
    install(
        context: AddonContext,
        settings: MonitoringAddonSettings,
    ): AddonInstall<MonitoringInstall> {
        const monitoring = installMonitoring(context, {
            source: settings,
            secretsPrefix: context.settingsOf(externalSecretsAddon).secretsPrefix,
            externalSecrets: context.installed(externalSecretsAddon)?.ready ?? [],
            istio: context.installed(istioAddon)?.ready ?? [],
            storage: context.installed(ebsCsiDriverAddon)?.ready ?? [],
        });
        return monitoring === undefined
            ? { ready: [] }
            : { ready: monitoring.ready, outputs: monitoring };
    },
    workloads: (
        settings: MonitoringAddonSettings,
        _context: AddonWorkloadContext,
    ): ChartWorkload[] => monitoringWorkloads(kubePrometheusStackValues(settings)),
} as const satisfies Addon<MonitoringAddonSettings, MonitoringInstall>;
