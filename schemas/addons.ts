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
    /** AWS Load Balancer Controller (eks-charts); the ingress gateway's load balancer needs it. */
    awsLoadBalancerController: chart("https://aws.github.io/eks-charts"),
});
