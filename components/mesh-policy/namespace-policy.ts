import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { EgressHost } from "../internal/egress";
import { buildServiceEntry, namespaceEgress, serviceEntryName } from "./egress";
import { buildMigrationPeerAuthentication, MtlsMigrationWindow } from "./migration";
import { buildAllowNothing, buildPeerAuthentication } from "./spec";

/** Arguments for {@link MeshNamespacePolicy}. */
export interface MeshNamespacePolicyArgs {
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
    /** The namespace that runs workloads. */
    readonly namespace: string;
    /**
     * A dated mTLS migration window: the named workloads also accept plain text (a workload-level
     * PERMISSIVE PeerAuthentication each), everything else stays STRICT. The config forbids it in
     * production; the policy pack admits it only in the namespaces its config lists, until `until`.
     *
     * @default - none: every workload is STRICT
     */
    readonly migrationWindow?: MtlsMigrationWindow;
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
 * The mesh baseline of one namespace: STRICT mTLS on top of the mesh-wide default (with a dated
 * workload-level PERMISSIVE exception per workload of a migration window), an allow-nothing
 * AuthorizationPolicy so only what each MeshPolicy allows gets through, and the ServiceEntries of the
 * external hosts its workloads declare (the mesh is REGISTRY_ONLY).
 */
export class MeshNamespacePolicy extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:mesh:NamespacePolicy";

    /** The ServiceEntry of each egress host, by host key (what a Job reaching that host waits for). */
    public readonly serviceEntries: ReadonlyMap<string, pulumi.Resource>;

    constructor(
        name: string,
        args: MeshNamespacePolicyArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(MeshNamespacePolicy.__pulumiType, name, {}, opts);
        const k8sOpts = { parent: this, provider: args.provider, dependsOn: args.waitFor ?? [] };
        new k8s.apiextensions.CustomResource(
            `${name}-peer-authn`,
            buildPeerAuthentication(args.namespace, "STRICT"),
            k8sOpts,
        );
        for (const app of args.migrationWindow?.apps ?? []) {
            new k8s.apiextensions.CustomResource(
                `${name}-migration-${app}`,
                buildMigrationPeerAuthentication(args.namespace, app, args.migrationWindow!),
                k8sOpts,
            );
        }
        new k8s.apiextensions.CustomResource(
            `${name}-allow-nothing`,
            buildAllowNothing(args.namespace),
            k8sOpts,
        );
        const entries = new Map<string, pulumi.Resource>();
        for (const host of namespaceEgress(args.egress ?? [])) {
            entries.set(
                host.key,
                new k8s.apiextensions.CustomResource(
                    `${name}-${serviceEntryName(host.key)}`,
                    buildServiceEntry(args.namespace, host),
                    k8sOpts,
                ),
            );
        }
        this.serviceEntries = entries;
        this.registerOutputs({});
    }
}
