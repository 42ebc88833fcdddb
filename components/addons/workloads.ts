/**
 * Every workload the add-on charts run, as {@link ChartWorkload}s, for the values ClusterAddons passes.
 * Pure: tests run the policy pack's own checks on these, since mocks never render a chart.
 */
import type { NodeGroupScheduling } from "../cluster/spec";
import { argoRolloutsValues, argoRolloutsWorkload } from "./argo-rollouts/argo-rollouts";
import { ChartSource, ChartWorkload, releaseName } from "./core/chart";
import {
    clusterAutoscalerValues,
    clusterAutoscalerWorkload,
} from "./cluster-autoscaler/cluster-autoscaler";
import {
    EXTERNAL_SECRETS_RELEASE_ID,
    externalSecretsValues,
    externalSecretsWorkloads,
} from "./external-secrets/external-secrets";
import {
    gatewayValues,
    IngressGatewaySettings,
    ingressGatewayWorkload,
} from "./ingress-gateway/ingress-gateway";
import { istiodValues, istiodWorkload } from "./istio/istio";
import { istioCniValues, istioCniWorkload } from "./istio/istio-cni";
import {
    loadBalancerControllerValues,
    loadBalancerControllerWorkload,
} from "./load-balancer-controller/load-balancer-controller";
import { FLUENT_BIT_RELEASE_ID, fluentBitValues, fluentBitWorkload } from "./logging/logging";
import {
    METRICS_SERVER_RELEASE_ID,
    metricsServerValues,
    metricsServerWorkload,
} from "./metrics-server/metrics-server";
import { kubePrometheusStackValues, MonitoringSettings } from "./monitoring/monitoring-values";
import { monitoringWorkloads } from "./monitoring/monitoring-workloads";
import {
    gpuNodeGroups,
    nvidiaDevicePluginReleaseId,
    nvidiaDevicePluginValues,
    nvidiaDevicePluginWorkload,
} from "./nvidia-device-plugin/nvidia-device-plugin";
import {
    PROMETHEUS_ADAPTER_RELEASE_ID,
    prometheusAdapterValues,
    prometheusAdapterWorkload,
} from "./prometheus-adapter/prometheus-adapter";
import { collectorValues, collectorWorkload } from "./tracing/tracing";
import { VPA_RELEASE_ID, vpaValues, vpaWorkloads } from "./vpa/vpa";

/** The plain (non-Output) part of ClusterAddonsArgs that decides the charts' workloads. */
export interface AddonWorkloadsArgs {
    /**
     * The ClusterAddons name: every release is named `<releasePrefix>-<add-on>` ({@link releaseName}),
     * and most charts name their objects after the release.
     */
    readonly releasePrefix: string;
    readonly highAvailability: boolean;
    readonly nodeGroups: Readonly<Record<string, NodeGroupScheduling>>;
    readonly istio: ChartSource;
    readonly metricsServer: ChartSource;
    readonly verticalPodAutoscaler: ChartSource;
    readonly nvidiaDevicePlugin: ChartSource;
    readonly externalSecrets: ChartSource;
    readonly clusterAutoscaler: ChartSource & { readonly imageTag?: string };
    readonly awsLoadBalancerController: ChartSource;
    /** The ingress gateway's settings, when it is installed. @default - no gateway */
    readonly ingressGateway?: IngressGatewaySettings;
    /** @default - not installed */
    readonly argoRollouts?: ChartSource;
    /** kube-prometheus-stack and its settings. @default - not installed */
    readonly monitoring?: ChartSource & MonitoringSettings;
    /** prometheus-adapter (installed only with monitoring). @default - not installed */
    readonly prometheusAdapter?: ChartSource;
    /** Fluent Bit. @default - not installed */
    readonly logging?: ChartSource;
    /** The OpenTelemetry collector (installed only with Istio). @default - not installed */
    readonly tracing?: ChartSource;
}

/** The workloads of every enabled add-on (the Prometheus operator CRDs chart runs none). */
export function addonWorkloads(args: AddonWorkloadsArgs): ChartWorkload[] {
    const release = (id: string) => releaseName(args.releasePrefix, id);
    const workloads: ChartWorkload[] = [];
    if (args.istio.enabled) {
        const version = args.istio.version!;
        workloads.push(istioCniWorkload(istioCniValues(version)));
        workloads.push(istiodWorkload(istiodValues(version, args.highAvailability)));
    }
    if (args.metricsServer.enabled) {
        workloads.push(
            metricsServerWorkload(
                release(METRICS_SERVER_RELEASE_ID),
                metricsServerValues(args.highAvailability),
            ),
        );
    }
    if (args.verticalPodAutoscaler.enabled) {
        workloads.push(...vpaWorkloads(release(VPA_RELEASE_ID), vpaValues()));
    }
    if (args.clusterAutoscaler.enabled) {
        const values = clusterAutoscalerValues({
            clusterName: "cluster",
            region: "region",
            roleArn: "role-arn",
            imageTag: args.clusterAutoscaler.imageTag,
            highAvailability: args.highAvailability,
        });
        workloads.push(clusterAutoscalerWorkload(values));
    }
    if (args.nvidiaDevicePlugin.enabled) {
        for (const [group, scheduling] of gpuNodeGroups(args.nodeGroups)) {
            workloads.push(
                nvidiaDevicePluginWorkload(
                    release(nvidiaDevicePluginReleaseId(group)),
                    nvidiaDevicePluginValues(scheduling),
                    args.nvidiaDevicePlugin.version!,
                ),
            );
        }
    }
    if (args.externalSecrets.enabled) {
        workloads.push(
            ...externalSecretsWorkloads(
                release(EXTERNAL_SECRETS_RELEASE_ID),
                externalSecretsValues("role-arn"),
            ),
        );
    }
    if (args.awsLoadBalancerController.enabled) {
        const pem = "-----BEGIN CERTIFICATE-----";
        workloads.push(
            loadBalancerControllerWorkload(
                loadBalancerControllerValues({
                    clusterName: "cluster",
                    region: "region",
                    vpcId: "vpc",
                    roleArn: "role-arn",
                    webhookTls: { caCert: pem, cert: pem, key: "key" },
                    highAvailability: args.highAvailability,
                }),
            ),
        );
    }
    if (args.ingressGateway) {
        workloads.push(
            ingressGatewayWorkload(
                args.ingressGateway.namespace,
                gatewayValues(args.ingressGateway),
            ),
        );
    }
    if (args.argoRollouts?.enabled) {
        workloads.push(argoRolloutsWorkload(argoRolloutsValues(args.highAvailability)));
    }
    workloads.push(...observabilityWorkloads(args));
    return workloads;
}

/** The monitoring, logging and tracing charts' workloads, under the conditions ClusterAddons installs them. */
function observabilityWorkloads(args: AddonWorkloadsArgs): ChartWorkload[] {
    const release = (id: string) => releaseName(args.releasePrefix, id);
    const workloads: ChartWorkload[] = [];
    if (args.monitoring?.enabled) {
        workloads.push(...monitoringWorkloads(kubePrometheusStackValues(args.monitoring)));
        if (args.prometheusAdapter?.enabled) {
            workloads.push(
                prometheusAdapterWorkload(
                    release(PROMETHEUS_ADAPTER_RELEASE_ID),
                    prometheusAdapterValues(args.highAvailability),
                ),
            );
        }
    }
    const aws = { region: "region", roleArn: "role-arn" };
    if (args.logging?.enabled) {
        workloads.push(
            fluentBitWorkload(
                release(FLUENT_BIT_RELEASE_ID),
                fluentBitValues({ ...aws, logGroupName: "log-group" }),
            ),
        );
    }
    if (args.tracing?.enabled && args.istio.enabled) {
        workloads.push(
            collectorWorkload(collectorValues({ ...aws, highAvailability: args.highAvailability })),
        );
    }
    return workloads;
}
