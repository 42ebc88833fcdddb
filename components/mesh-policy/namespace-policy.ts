import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { EgressHost } from "../internal/egress";
import { buildServiceEntry, namespaceEgress, serviceEntryName } from "./egress";
import { buildAllowNothing, buildPeerAuthentication } from "./spec";

/** Arguments for {@link MeshNamespacePolicy}. */
export interface MeshNamespacePolicyArgs {
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
    /** The namespace that runs workloads. */
    readonly namespace: string;
    /**
     * Accept plain-text traffic during a declared migration window (PERMISSIVE). The config forbids it
     * in production, and the policy pack flags it everywhere.
     *
     * @default false
     */
    readonly permissive?: boolean;
    /**
     * Resources every child waits for: Istio's CRDs and webhook ({@link ClusterAddons.ready} `istio`) and
     * the namespace, which a component's own `dependsOn` does not pass on to its children.
     *
     * @default []
     */
    readonly waitFor?: pulumi.Resource[];
    /**
     * External hosts of the namespace's workloads (each workload's `egress`); one ServiceEntry per key,
     * exported to this namespace only. Each workload's Sidecar decides which of them it sees.
     *
     * @default []
     */
    readonly egress?: readonly (readonly EgressHost[])[];
}

/**
 * The mesh baseline of one namespace: STRICT mTLS on top of the mesh-wide default, an allow-nothing
 * AuthorizationPolicy so only what each MeshPolicy allows gets through, and the ServiceEntries of the
 * external hosts its workloads declare (the mesh is REGISTRY_ONLY).
 */
export class MeshNamespacePolicy extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:mesh:NamespacePolicy";

    constructor(
        name: string,
        args: MeshNamespacePolicyArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(MeshNamespacePolicy.__pulumiType, name, {}, opts);
        const k8sOpts = { parent: this, provider: args.provider, dependsOn: args.waitFor ?? [] };
        new k8s.apiextensions.CustomResource(
            `${name}-peer-authn`,
            buildPeerAuthentication(args.namespace, args.permissive ? "PERMISSIVE" : "STRICT"),
            k8sOpts,
        );
        new k8s.apiextensions.CustomResource(
            `${name}-allow-nothing`,
            buildAllowNothing(args.namespace),
            k8sOpts,
        );
        for (const host of namespaceEgress(args.egress ?? [])) {
            new k8s.apiextensions.CustomResource(
                `${name}-${serviceEntryName(host.key)}`,
                buildServiceEntry(args.namespace, host),
                k8sOpts,
            );
        }
        this.registerOutputs({});
    }
}
