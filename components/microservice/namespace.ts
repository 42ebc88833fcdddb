import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { meshedNamespaceLabels } from "../internal/labels";

/** Arguments for {@link AppNamespace}. */
export interface AppNamespaceArgs {
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
    /** Name of the namespace. */
    readonly name: string;
    /**
     * Istio's readiness ({@link ClusterAddons.ready} `istio`): the namespace, labelled for sidecar
     * injection, is created only after istiod and its injection webhook exist.
     *
     * @default []
     */
    readonly mesh?: pulumi.Resource[];
}

/** Labels of an application namespace: Istio sidecar injection on, Pod Security Standards restricted. */
export function appNamespaceLabels(): Record<string, string> {
    return meshedNamespaceLabels();
}

/**
 * The namespace the services run in, created once: sidecar injection enabled and the restricted Pod
 * Security Standard enforced by the API server as a second line behind the policy pack.
 */
export class AppNamespace extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:apps:Namespace";

    /** The namespace's name. */
    public readonly namespaceName: string;
    /** The Namespace object (depend on it before creating namespaced objects). */
    public readonly namespace: k8s.core.v1.Namespace;

    constructor(name: string, args: AppNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(AppNamespace.__pulumiType, name, {}, opts);
        this.namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: args.name, labels: appNamespaceLabels() } },
            { parent: this, provider: args.provider, dependsOn: args.mesh ?? [] },
        );
        this.namespaceName = args.name;
        this.registerOutputs({ namespace: this.namespace.metadata.name });
    }
}
