/**
 * The one way an add-on gets AWS permissions: an IRSA role that exactly one service account can
 * assume, with its policy (an inline document or a managed policy ARN).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { createServiceAccountRole } from "../../cluster/irsa";
import type { AddonContext } from "./contract";

/** Arguments for {@link serviceAccountRole}. */
export type AddonRoleArgs = {
    /** Namespace of the service account. */
    readonly namespace: string;
    /** Name of the one service account allowed to assume the role. */
    readonly serviceAccountName: string;
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

/** The role and the resource that grants it its permissions (wait on it before using the role). */
export interface AddonRole {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy | aws.iam.RolePolicyAttachment;
}

/**
 * Creates the role `id` and its policy `${id}-policy`, both children of the context's parent: the
 * names and parents the add-ons' roles have always had, so their URNs stay.
 */
export function serviceAccountRole(
    context: AddonContext,
    id: string,
    args: AddonRoleArgs,
): AddonRole {
    const opts = { parent: context.parent };
    const role = createServiceAccountRole(
        id,
        {
            oidc: context.oidc,
            namespace: args.namespace,
            serviceAccountName: args.serviceAccountName,
            statements: [],
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
    return { role, policy };
}
