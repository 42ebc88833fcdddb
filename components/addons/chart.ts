/**
 * What every add-on shares: where its chart comes from and how it is installed as a child of
 * {@link ClusterAddons}.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

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

/** A pinned Helm chart named `<scope>-<id>`, installed with `helm.v4.Chart` (no hooks). */
export function helmChart(
    scope: AddonScope,
    id: string,
    source: ChartSource,
    chart: string,
    namespace: string,
    values: pulumi.Inputs,
    dependsOn: pulumi.Resource[] = [],
): k8s.helm.v4.Chart {
    return new k8s.helm.v4.Chart(
        `${scope.name}-${id}`,
        {
            chart,
            version: source.version,
            namespace,
            repositoryOpts: { repo: source.repository },
            values,
        },
        k8sOptions(scope, dependsOn),
    );
}
