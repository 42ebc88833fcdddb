/**
 * The add-on contract: every add-on is one {@link Addon} value in its own folder, installed by the
 * registry (`components/addons/registry.ts`) in dependency order with one {@link AddonContext}.
 * docs/adding-an-addon.md walks through adding one.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

import type { OidcProvider } from "../../cluster/irsa";
import type { NodeGroupScheduling } from "../../cluster/spec";
import type { AddonScope, ChartWorkload } from "./chart";

/** What an add-on's install returns: one shape for every add-on. */
export interface AddonInstall<O = undefined> {
    /**
     * What custom resources of the add-on's CRDs (and the add-ons that depend on it) must wait for.
     * Empty when the add-on is off.
     */
    readonly ready: pulumi.Resource[];
    /**
     * The add-on's typed outputs (a role ARN, selector labels, ...).
     *
     * @default - none (the add-on is off or has no outputs)
     */
    readonly outputs?: O;
}

/** A node group as the add-ons see it: its scheduling and, when set, its EKS name. */
export type AddonNodeGroup = NodeGroupScheduling & {
    readonly nodeGroupName?: pulumi.Input<string>;
};

/** The shared facts every add-on installs with, built once per {@link ClusterAddons}. */
export interface AddonContext extends AddonScope {
    /** Name of the EKS cluster. */
    readonly clusterName: pulumi.Input<string>;
    /** VPC of the cluster. */
    readonly vpcId: pulumi.Input<string>;
    /** The AWS region, looked up once. */
    readonly region: pulumi.Output<string>;
    /** The AWS account ID, looked up once. */
    readonly accountId: pulumi.Output<string>;
    /** The AWS partition (`aws`, `aws-cn`, `aws-us-gov`), looked up once. */
    readonly partition: pulumi.Output<string>;
    /** The cluster's OIDC provider, for the add-ons' IRSA roles ({@link serviceAccountRole}). */
    readonly oidc: OidcProvider;
    /** The cluster's node groups by name. */
    readonly nodeGroups: Readonly<Record<string, AddonNodeGroup>>;
    /** What makes pods runnable (node groups, coredns). */
    readonly nodesReady: pulumi.Resource[];
    /** Run control-plane add-ons with two replicas and disruption budgets. */
    readonly highAvailability: boolean;
    /**
     * The mesh's SPIFFE trust domain.
     *
     * @default - the add-on's own default (`cluster.local` for istiod)
     */
    readonly trustDomain?: string;
    /**
     * Whether the registered add-on `name` is switched on in this cluster's settings (by name, so an
     * add-on may ask about one that depends on it without an import circle).
     */
    isEnabled(name: string): boolean;
    /** The settings of another registered add-on (the ingress gateway's chart is Istio's). */
    settingsOf<S>(addon: Addon<S, unknown>): S;
    /**
     * What an add-on this one declares in `dependsOn` returned; undefined when it is off. Reading an
     * add-on that is not declared is an error: `dependsOn` is the install order.
     */
    installed<O>(addon: Addon<never, O>): AddonInstall<O> | undefined;
}

/**
 * One cluster add-on. `S` is its settings (its `ClusterAddonsArgs` field), `O` its typed outputs.
 */
export interface Addon<S, O = undefined> {
    /** The add-on's key: its `ClusterAddonsArgs` field and its key under the `addons` config. */
    readonly name: string;
    /**
     * The zod schema of its `addons.<name>` config.
     *
     * @default - none: the settings come from another config key (the ingress gateway's from `ingress`)
     */
    readonly schema?: z.ZodType;
    /** Names of the add-ons installed before this one, whose {@link AddonInstall}s it reads. */
    readonly dependsOn: readonly string[];
    /** Whether these settings switch the add-on on. */
    enabled(settings: S): boolean;
    /** Installs the add-on's resources as children of `context.parent`. */
    install(context: AddonContext, settings: S): AddonInstall<O>;
    /**
     * The workloads its charts run, modelled from the same values builders `install` uses (pure: no
     * resource, no Output). Called only when {@link enabled} is true; {@link addonWorkloads} collects
     * them in registry order for the policy and capacity checks, which never see a rendered chart.
     *
     * @default - none (the add-on runs no chart workload, e.g. an EKS managed add-on)
     */
    workloads?(settings: S, context: AddonWorkloadContext): ChartWorkload[];
}

/** What an add-on's chart workload model reads besides its settings ({@link Addon.workloads}). */
export interface AddonWorkloadContext {
    /** The release name of chart `id`: `<ClusterAddons name>-<id>` ({@link releaseName}). */
    release(id: string): string;
    /** Run control-plane add-ons with two replicas and disruption budgets. */
    readonly highAvailability: boolean;
    /** The cluster's node groups by name (scheduling only). */
    readonly nodeGroups: Readonly<Record<string, NodeGroupScheduling>>;
    /** Whether the registered add-on `name` is switched on (as {@link AddonContext.isEnabled}). */
    isEnabled(name: string): boolean;
}

/** The result of an add-on that is switched off. */
export const OFF: AddonInstall<never> = { ready: [] };
