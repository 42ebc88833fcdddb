/**
 * Schema of the `addons` config key: Helm-installed cluster services, each pinned per stack.
 */
import { z } from "zod";

import { VPA_UPDATE_MODES } from "../components/addons/vpa/vpa-modes";
import { chartShape, requirePinnedVersion } from "./common";
import {
    ebsCsiDriverSchema,
    loggingSchema,
    monitoringSchema,
    prometheusAdapterSchema,
    tracingSchema,
} from "./observability";
import { ownValue } from "../lib/records";

const chart = (repository: string) =>
    z.strictObject(chartShape(repository)).superRefine(requirePinnedVersion);

export const addonsSchema = z.strictObject({
    istio: chart("https://istio-release.storage.googleapis.com/charts"),
    metricsServer: chart("https://kubernetes-sigs.github.io/metrics-server"),
    verticalPodAutoscaler: chart("https://charts.fairwinds.com/stable"),
    nvidiaDevicePlugin: chart("https://nvidia.github.io/k8s-device-plugin"),
    externalSecrets: z
        .strictObject({
            ...chartShape("https://charts.external-secrets.io"),
            secretsPrefix: z
                .string()
                .regex(/^[A-Za-z0-9/_+=.@-]+$/, "must be a Secrets Manager name prefix")
                .default("supply-chain"),
        })
        .superRefine(requirePinnedVersion),
    // kube-prometheus-stack installs the Prometheus operator CRDs itself (its `crds` subchart), so the
    // separate prometheus-operator-crds chart is gone: the CRDs are installed exactly once.
    monitoring: monitoringSchema,
    prometheusAdapter: prometheusAdapterSchema,
    ebsCsiDriver: ebsCsiDriverSchema,
    logging: loggingSchema,
    tracing: tracingSchema,
    clusterAutoscaler: z
        .strictObject({
            ...chartShape("https://kubernetes.github.io/autoscaler"),
            imageTag: z
                .string()
                .regex(/^v\d+\.\d+\.\d+$/, "must be an image tag like v1.33.6")
                .optional(),
        })
        .superRefine(requirePinnedVersion),
    /** AWS Load Balancer Controller (eks-charts); the ingress gateway's load balancer needs it. */
    awsLoadBalancerController: chart("https://aws.github.io/eks-charts"),
    // Progressive delivery for services with `delivery` (components/addons/argo-rollouts/argo-rollouts.ts).
    argoRollouts: chart("https://argoproj.github.io/argo-helm"),
});

/**
 * Cluster Autoscaler supports only the Kubernetes minor version it was released for
 * (kubernetes/autoscaler cluster-autoscaler/README.md at cluster-autoscaler-1.33.0, "Releases": versions
 * match Kubernetes minor releases): its image tag's minor must be the
 * cluster's.
 */
export function checkAutoscalerVersion(
    addons: z.output<typeof addonsSchema>,
    kubernetesVersion: string,
    ctx: z.RefinementCtx,
): void {
    const tag = addons.clusterAutoscaler.imageTag;
    const minor = /^1\.\d{2}$/.test(kubernetesVersion); // otherwise cluster.kubernetesVersion is reported
    if (minor && tag !== undefined && !tag.startsWith(`v${kubernetesVersion}.`)) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "clusterAutoscaler", "imageTag"],
            message: `must be a v${kubernetesVersion}.x release to match cluster.kubernetesVersion`,
            input: tag,
        });
    }
}

type Addons = z.output<typeof addonsSchema>;

/** What the add-on checks read of a node group. */
interface GpuNodeGroup {
    readonly gpu: boolean;
}

/** What the add-on checks read of an ML workload. */
interface GpuWorkload {
    readonly nodeGroup: string;
    readonly gpu: number;
    readonly model: { readonly replicas: number };
    readonly autoscaling?: { readonly maxReplicas: number };
    readonly vpa: { readonly updateMode: string };
}

/**
 * Cross-key checks of the add-ons: a GPU node group needs the NVIDIA device plugin (without it
 * `nvidia.com/gpu` is never allocatable; GPU room at the autoscaled maximum is checked with the other
 * capacity rules in `schemas/capacity.ts`), and every ML workload's VPA `updateMode` is one the pinned VPA chart's CRD accepts.
 */
export function checkAddons(
    addons: Addons,
    nodeGroups: Record<string, GpuNodeGroup>,
    mlWorkloads: Record<string, GpuWorkload>,
    ctx: z.RefinementCtx,
): void {
    const gpuGroups = Object.keys(nodeGroups).filter((g) => nodeGroups[g].gpu);
    if (gpuGroups.length > 0 && !addons.nvidiaDevicePlugin.enabled) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "nvidiaDevicePlugin", "enabled"],
            message: `must be true while node groups have GPUs (${gpuGroups.join(", ")}): without the device plugin nvidia.com/gpu is never allocatable`,
            input: false,
        });
    }
    const vpa = addons.verticalPodAutoscaler;
    if (!vpa.enabled || vpa.version === undefined) {
        return;
    }
    const modes = ownValue(VPA_UPDATE_MODES, vpa.version);
    if (modes === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "verticalPodAutoscaler", "version"],
            message: `has no known VPA update modes; pin one of ${Object.keys(VPA_UPDATE_MODES).join(", ")} or add the chart's CRD modes to VPA_UPDATE_MODES`,
            input: vpa.version,
        });
        return;
    }
    for (const [name, w] of Object.entries(mlWorkloads)) {
        if (!(modes as readonly string[]).includes(w.vpa.updateMode)) {
            ctx.addIssue({
                code: "custom",
                path: ["mlWorkloads", name, "vpa", "updateMode"],
                message: `must be one of ${modes.join(", ")} (the update modes the VPA CRD of chart ${vpa.version} accepts)`,
                input: w.vpa.updateMode,
            });
        }
    }
}
