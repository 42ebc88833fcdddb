import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

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
    /** Resources installing the Istio CRDs and webhook (ClusterAddons.ready.istio). @default [] */
    readonly istio?: pulumi.Resource[];
}

/**
 * The mesh baseline of one namespace: STRICT mTLS on top of the mesh-wide default, and an allow-nothing
 * AuthorizationPolicy so only what each MeshPolicy allows gets through.
 */
export class MeshNamespacePolicy extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:mesh:NamespacePolicy";

    constructor(
        name: string,
        args: MeshNamespacePolicyArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(MeshNamespacePolicy.__pulumiType, name, {}, opts);
        const k8sOpts = { parent: this, provider: args.provider, dependsOn: args.istio ?? [] };
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
        this.registerOutputs({});
    }
}
