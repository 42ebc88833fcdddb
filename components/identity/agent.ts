/**
 * The EKS Pod Identity agent add-on (`eks-pod-identity-agent`): a DaemonSet on every node, hostNetwork
 * on 169.254.170.23, that exchanges a pod's service account token for the credentials of the role its
 * `PodIdentityAssociation` names (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
 * Pods of an associated service account fail to get credentials until it runs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments for {@link createPodIdentityAgent}. */
export interface PodIdentityAgentArgs {
    /** Name of the EKS cluster. */
    readonly clusterName: pulumi.Input<string>;
    /**
     * Add-on version; unset means the EKS default for the cluster's Kubernetes version.
     *
     * @default - the EKS default
     */
    readonly version?: string;
    /** Tags of the add-on. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The agent add-on, named `${name}`. */
export function createPodIdentityAgent(
    name: string,
    args: PodIdentityAgentArgs,
    opts: pulumi.CustomResourceOptions,
): aws.eks.Addon {
    return new aws.eks.Addon(
        name,
        {
            clusterName: args.clusterName,
            addonName: "eks-pod-identity-agent",
            addonVersion: args.version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            tags: { ...args.tags },
        },
        opts,
    );
}
