/**
 * The one way an add-on gets AWS permissions: a role that exactly one service account can assume, with
 * its policy (an inline document or a managed policy ARN), through EKS Pod Identity or, for software
 * that cannot use it, IRSA (docs/identity.md, "Add-ons").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { createServiceAccountRole } from "../../cluster/irsa";
import { eksClusterArn, podIdentityTrustPolicy } from "../../../lib/aws/pod-identity";
import type { AddonContext } from "./contract";

/**
 * How the add-on's pods get the role. `pod-identity`: a `PodIdentityAssociation`, no service account
 * annotation; `irsa`: the `eks.amazonaws.com/role-arn` annotation and an OIDC trust (only for software
 * whose AWS SDK lacks the Pod Identity credential provider, or a path that needs a web-identity token;
 * say why where it is chosen).
 */
export type AddonIdentity = "pod-identity" | "irsa";

/** Arguments for {@link serviceAccountRole}. */
export type AddonRoleArgs = {
    /** Namespace of the service account. */
    readonly namespace: string;
    /** Name of the one service account allowed to assume the role. */
    readonly serviceAccountName: string;
    /** How the pods get the role. */
    readonly identity: AddonIdentity;
} & (
    | {
          /** The role's inline policy document (JSON). */
          readonly policy: pulumi.Input<string>;
      }
    | {
          /** An AWS managed policy attached to the role instead of an inline one. */
          readonly managedPolicyArn: string;
      }
);

/** The role, the resource that grants it its permissions, and (Pod Identity) its association. */
export interface AddonRole {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy | aws.iam.RolePolicyAttachment;
    /** The association that hands the role to the service account (`pod-identity` only). */
    readonly association?: aws.eks.PodIdentityAssociation;
    /** What the add-on's pods must wait for: the policy and, with Pod Identity, the association. */
    readonly ready: pulumi.Resource[];
}

/**
 * Creates the role `id`, its policy `${id}-policy` and, with Pod Identity, the association
 * `${id}-association`, all children of the context's parent. The role keeps the name `id` whichever
 * identity it uses (the add-ons' roles were IRSA roles named `...-irsa`): moving an add-on to Pod
 * Identity updates the role's trust in place instead of replacing it.
 */
export function serviceAccountRole(
    context: AddonContext,
    id: string,
    args: AddonRoleArgs,
): AddonRole {
    const opts = { parent: context.parent };
    const role =
        args.identity === "irsa"
            ? createServiceAccountRole(
                  id,
                  {
                      oidc: context.oidc,
                      namespace: args.namespace,
                      serviceAccountName: args.serviceAccountName,
                      statements: [],
                  },
                  opts,
              )
            : new aws.iam.Role(
                  id,
                  {
                      description: `EKS Pod Identity role for ${args.namespace}/${args.serviceAccountName}`,
                      assumeRolePolicy: pulumi
                          .all([
                              context.partition,
                              context.region,
                              context.accountId,
                              context.clusterName,
                          ])
                          .apply(([p, r, account, cluster]) =>
                              podIdentityTrustPolicy({
                                  clusterArn: eksClusterArn(p, r, account, cluster),
                                  namespace: args.namespace,
                                  serviceAccount: args.serviceAccountName,
                              }),
                          ),
                  },
                  opts,
              );
    const policy =
        "managedPolicyArn" in args
            ? new aws.iam.RolePolicyAttachment(
                  `${id}-policy`,
                  { role: role.name, policyArn: args.managedPolicyArn },
                  opts,
              )
            : new aws.iam.RolePolicy(
                  `${id}-policy`,
                  { role: role.name, policy: args.policy },
                  opts,
              );
    if (args.identity === "irsa") {
        return { role, policy, ready: [policy] };
    }
    const association = new aws.eks.PodIdentityAssociation(
        `${id}-association`,
        {
            clusterName: context.clusterName,
            namespace: args.namespace,
            serviceAccount: args.serviceAccountName,
            roleArn: role.arn,
        },
        { ...opts, dependsOn: [policy] },
    );
    return { role, policy, association, ready: [policy, association] };
}
