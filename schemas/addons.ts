/**
 * Schema of the `addons` config key: Helm-installed cluster services, each pinned per stack.
 */
import { z } from "zod";

import { semverish } from "./common";
import {
    ebsCsiDriverSchema,
    loggingSchema,
    monitoringSchema,
    prometheusAdapterSchema,
    tracingSchema,
} from "./observability";

const chartShape = (repository: string) => ({
    enabled: z.boolean().default(true),
    version: semverish.optional(),
    repository: z.url().default(repository),
});

const requirePinnedVersion = (c: { enabled: boolean; version?: string }, ctx: z.RefinementCtx) => {
    if (c.enabled && c.version === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            message: "must pin a chart version when the add-on is enabled",
            input: c.version,
        });
    }
};

const chart = (repository: string) =>
    z.strictObject(chartShape(repository)).superRefine(requirePinnedVersion);

export const addonsSchema = z.strictObject({
    istio: chart("https://istio-release.storage.googleapis.com/charts"),
    metricsServer: chart("https://kubernetes-sigs.github.io/metrics-server"),
    verticalPodAutoscaler: chart("https://charts.fairwinds.com/stable"),
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
