/**
 * A workload's IAM role through EKS Pod Identity: the role (trusting `pods.eks.amazonaws.com`, scoped
 * by session tags to one service account), its inline and managed policies, and the
 * `PodIdentityAssociation` that hands the role to that service account. No OIDC trust is involved, so
 * the role does not change when the cluster is replaced and works in any cluster of the account that
 * associates it (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html).
 *
 * Pods get the credentials from the `eks-pod-identity-agent` add-on (a DaemonSet on every node); a pod
 * created before its association exists runs without them, so workloads wait for
 * {@link PodIdentityRole.association}.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { podIdentityTrustPolicy } from "../../lib/aws/pod-identity";

/** Arguments for {@link createPodIdentityRole}. */
export interface PodIdentityRoleArgs {
    /** Name of the EKS cluster the association belongs to. */
    readonly clusterName: pulumi.Input<string>;
    /** ARN of that cluster: the trust names it in the `eks-cluster-arn` session tag condition. */
    readonly clusterArn: pulumi.Input<string>;
    /** Namespace of the service account. */
    readonly namespace: string;
    /** Name of the one service account that gets the role. */
    readonly serviceAccount: string;
    /**
     * Inline policy documents (JSON), by a stable key: each becomes `${name}-${key}`.
     *
     * @default {}
     */
    readonly inlinePolicies?: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Managed policy ARNs to attach, by a stable key: each becomes `${name}-${key}`.
     *
     * @default {}
     */
    readonly managedPolicyArns?: Readonly<Record<string, pulumi.Input<string>>>;
    /** What the role is for, in its description. */
    readonly description: string;
    /** Tags for the role and the association. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What {@link createPodIdentityRole} creates. */
export interface PodIdentityRole {
    readonly role: aws.iam.Role;
    /** The association; pods that should get the role are created after it. */
    readonly association: aws.eks.PodIdentityAssociation;
    /** The role, its policies and the association: everything a pod needs before it starts. */
    readonly ready: pulumi.Resource[];
}

/**
 * Creates a Pod Identity role for one service account. Children: `${name}` (role), `${name}-<key>` per
 * policy, `${name}-association`, all with `opts`.
 */
export function createPodIdentityRole(
    name: string,
    args: PodIdentityRoleArgs,
    opts: pulumi.CustomResourceOptions,
): PodIdentityRole {
    const tags = { ...args.tags };
    const role = new aws.iam.Role(
        name,
        {
            description: `${args.description} (EKS Pod Identity, ${args.namespace}/${args.serviceAccount})`,
            assumeRolePolicy: pulumi.output(args.clusterArn).apply((clusterArn) =>
                podIdentityTrustPolicy({
                    clusterArn,
                    namespace: args.namespace,
                    serviceAccount: args.serviceAccount,
                }),
            ),
            tags,
        },
        opts,
    );
    const policies = [
        ...Object.entries(args.inlinePolicies ?? {}).map(
            ([key, policy]) =>
                new aws.iam.RolePolicy(`${name}-${key}`, { role: role.name, policy }, opts),
        ),
        ...Object.entries(args.managedPolicyArns ?? {}).map(
            ([key, policyArn]) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-${key}`,
                    { role: role.name, policyArn },
                    opts,
                ),
        ),
    ];
    const association = new aws.eks.PodIdentityAssociation(
        `${name}-association`,
        {
            clusterName: args.clusterName,
            namespace: args.namespace,
            serviceAccount: args.serviceAccount,
            roleArn: role.arn,
            tags,
        },
        { ...opts, dependsOn: policies },
    );
    return { role, association, ready: [role, ...policies, association] };
}
