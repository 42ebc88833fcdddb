/**
 * What the capacity check takes from the stack's config: the add-on workloads ClusterAddons installs
 * (the charts' models, as index.ts passes their arguments, the Prometheus and Alertmanager pods the
 * operator creates from the monitoring values, and EKS's managed add-ons) and the sidecar requests of
 * the mesh's proxy settings (the istiod values' `global.proxy.resources.requests`).
 */
import type { ChartWorkload } from "../../components/addons/core/chart";
import { istiodValues } from "../../components/addons/istio/istio";
import {
    kubePrometheusStackValues,
    MONITORING_NAMESPACE,
    MONITORING_RELEASE,
} from "../../components/addons/monitoring/monitoring-values";
import { addonWorkloads } from "../../components/addons/workloads";
import { karpenterControllerWorkload } from "../../components/karpenter/karpenter";
import { schedulingTargets } from "../../components/karpenter/node-provisioning";
import type { PlatformConfig } from "../../config";
import { ownValue } from "../../lib/records";
import { CapacityInputs } from "./capacity";
import { managedAddonWorkloads } from "./managed-workloads";
import { RecordedResource } from "./mocks";

/** The ClusterAddons name when the program registered none. */
const DEFAULT_ADDONS_NAME = "platform-addons";

/**
 * The StatefulSets the Prometheus operator creates from the `Prometheus` and `Alertmanager` objects:
 * `replicas` pods of the spec's `resources` plus the operator's config-reloader sidecar
 * (`prometheusOperator.prometheusConfigReloader.resources`), on any untainted node (no tolerations).
 */
function operatorPods(
    monitoring: NonNullable<Parameters<typeof addonWorkloads>[0]["monitoring"]>,
): ChartWorkload[] {
    const v = kubePrometheusStackValues(monitoring);
    const reloader = v.prometheusOperator.prometheusConfigReloader.resources;
    return [
        ["prometheus", v.prometheus.prometheusSpec] as const,
        ["alertmanager", v.alertmanager.alertmanagerSpec] as const,
    ].map(([name, spec]) => ({
        kind: "Deployment",
        name: `${name}-${MONITORING_RELEASE}-${name}`,
        namespace: MONITORING_NAMESPACE,
        labels: { "app.kubernetes.io/name": name },
        replicas: spec.replicas,
        podSpec: {
            containers: [
                { name, resources: spec.resources },
                { name: "config-reloader", resources: reloader },
            ],
        },
    }));
}

/** Karpenter's controller, on its managed node group. */
function karpenterWorkloads(config: PlatformConfig): ChartWorkload[] {
    const k = config.karpenter;
    const group =
        k.enabled && k.controllerNodeGroup !== undefined
            ? ownValue(config.cluster.nodeGroups, k.controllerNodeGroup)
            : undefined;
    return group
        ? [
              karpenterControllerWorkload({
                  clusterName: config.cluster.name,
                  controllerNodeSelector: group.labels,
              }),
          ]
        : [];
}

/** Capacity inputs of a validated config and the program's recorded resources. */
export function capacityInputs(
    config: PlatformConfig,
    resources: readonly RecordedResource[],
): CapacityInputs {
    const production = config.environment === "production";
    const addons = resources.find((r) => r.type === "platform:cluster:ClusterAddons");
    const charts = addonWorkloads({
        ...config.addons,
        releasePrefix: addons?.name ?? DEFAULT_ADDONS_NAME,
        nodeGroups: schedulingTargets(config.cluster.nodeGroups, config.karpenter),
        highAvailability: production,
        ingressGateway: config.ingress.enabled ? config.ingress : undefined,
    });
    const istio = config.addons.istio;
    return {
        addonWorkloads: [
            ...charts,
            ...(config.addons.monitoring.enabled ? operatorPods(config.addons.monitoring) : []),
            ...managedAddonWorkloads(config.addons.ebsCsiDriver.enabled),
            ...karpenterWorkloads(config),
        ],
        sidecarRequests: istio.enabled
            ? istiodValues(istio.version!, production).global.proxy.resources.requests
            : undefined,
        production,
    };
}
