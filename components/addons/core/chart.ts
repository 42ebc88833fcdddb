/**
 * What every add-on shares: where its chart comes from and how it is installed as a child of
 * {@link ClusterAddons}.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { podSecurityLabels } from "../../internal/labels";
import type { PostRenderer } from "./post-renderer";

export { podSecurityLabels };

/** Where a chart comes from and which version is pinned (from stack config). */
export interface ChartSource {
    /** Install the add-on. @default true */
    readonly enabled: boolean;
    /** Chart version, pinned per stack. Required when enabled. */
    readonly version?: string;
    /** Helm repository URL. */
    readonly repository: string;
}

/**
 * The parent and provider an add-on installs under. Add-ons are plain functions rather than
 * components of their own so that their children keep the URNs they had under {@link ClusterAddons}
 * (a new parent would change every URN and replace the installed charts).
 */
export interface AddonScope {
    /** Prefix of every child name (the ClusterAddons name). */
    readonly name: string;
    /** The ClusterAddons component: parent of every child. */
    readonly parent: pulumi.ComponentResource;
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
}

/** Options for a Kubernetes child of the scope. */
export function k8sOptions(
    scope: AddonScope,
    dependsOn: pulumi.Input<pulumi.Resource>[] = [],
): pulumi.CustomResourceOptions {
    return { parent: scope.parent, provider: scope.provider, dependsOn };
}

/**
 * The Helm release name of the chart {@link helmChart} installs as `id` under a scope named `scope`:
 * `helm.v4.Chart` uses its resource name when `name` is unset (pulumi/pulumi-kubernetes
 * `provider/pkg/provider/helm/v4/chart.go`, `chartArgs.Name = name`), and most charts prefix every
 * object with it (their `<chart>.fullname` helper).
 */
export function releaseName(scope: string, id: string): string {
    return `${scope}-${id}`;
}

/** Options of {@link helmChart} beyond the chart and its values. */
export interface HelmChartOptions {
    /**
     * A Helm post-renderer for the rendered objects (see {@link withoutTemplates}).
     *
     * @default - none
     */
    readonly postRenderer?: PostRenderer;
    /**
     * Rewrite the chart's rendered children before they are registered (the only way to change a
     * field of what a chart renders beyond its values).
     *
     * @default []
     */
    readonly transforms?: pulumi.ResourceTransform[];
}

/** A pinned Helm chart named `<scope>-<id>`, installed with `helm.v4.Chart` (no hooks). */
export function helmChart(
    scope: AddonScope,
    id: string,
    source: ChartSource,
    chart: string,
    namespace: string,
    values: pulumi.Inputs,
    dependsOn: pulumi.Resource[] = [],
    options: HelmChartOptions = {},
): k8s.helm.v4.Chart {
    const postRenderer = options.postRenderer;
    const transforms = options.transforms ?? [];
    return new k8s.helm.v4.Chart(
        releaseName(scope.name, id),
        {
            chart,
            version: source.version,
            namespace,
            repositoryOpts: { repo: source.repository },
            values,
            ...(postRenderer
                ? { postRenderer: { command: postRenderer.command, args: [...postRenderer.args] } }
                : {}),
        },
        transforms.length > 0
            ? { ...k8sOptions(scope, dependsOn), transforms }
            : k8sOptions(scope, dependsOn),
    );
}

/** CPU and memory requests and limits of one container. */
export interface ContainerResources {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * What a chart renders for one workload with our values, as far as the policy pack looks at it: the
 * pod spec fields the pack checks, the replica count and the disruption budget. Each add-on derives
 * it from its values and the chart's templates (cited in the add-on's file), so tests can run the
 * pack's own checks on every chart workload without rendering the chart.
 */
export interface ChartWorkload {
    readonly kind: "Deployment" | "DaemonSet";
    readonly name: string;
    readonly namespace: string;
    /** Pod template labels. */
    readonly labels: Readonly<Record<string, string>>;
    /** Pod template annotations the chart sets. @default {} */
    readonly annotations?: Readonly<Record<string, string>>;
    /** `spec.replicas`; undefined when an HPA owns the count (Deployments only). */
    readonly replicas?: number;
    /** The chart's HorizontalPodAutoscaler, when it renders one. */
    readonly hpa?: { readonly minReplicas: number; readonly maxReplicas: number };
    /** The chart's PodDisruptionBudget, when it renders one. */
    readonly pdb?: { readonly minAvailable?: number; readonly maxUnavailable?: number };
    /** The pod spec (containers, securityContext, affinity, tolerations, volumes, ...). */
    readonly podSpec: Readonly<Record<string, unknown>>;
}

/** A Kubernetes object as a manifest: the fields every object has, the rest unread. */
export interface Manifest {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace?: string };
    readonly [field: string]: unknown;
}

/** The Kubernetes objects a {@link ChartWorkload} stands for (workload, HPA, PDB), as manifests. */
export function chartWorkloadManifests(w: ChartWorkload): Manifest[] {
    const metadata = { name: w.name, namespace: w.namespace };
    const selector = { matchLabels: { ...w.labels } };
    const objects: Manifest[] = [
        {
            apiVersion: "apps/v1",
            kind: w.kind,
            metadata,
            spec: {
                ...(w.replicas !== undefined ? { replicas: w.replicas } : {}),
                selector,
                template: {
                    metadata: { labels: { ...w.labels }, annotations: { ...w.annotations } },
                    spec: w.podSpec,
                },
            },
        },
    ];
    if (w.hpa) {
        objects.push({
            apiVersion: "autoscaling/v2",
            kind: "HorizontalPodAutoscaler",
            metadata,
            spec: {
                ...w.hpa,
                scaleTargetRef: { apiVersion: "apps/v1", kind: w.kind, name: w.name },
            },
        });
    }
    if (w.pdb) {
        objects.push({
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata,
            spec: { ...w.pdb, selector },
        });
    }
    return objects;
}

/** A namespace whose pods may run privileged node agents (Pod Security Standards `privileged`). */
export function privilegedNamespace(name: string) {
    return { metadata: { name, labels: podSecurityLabels("privileged") } };
}
