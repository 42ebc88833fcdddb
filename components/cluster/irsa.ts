/**
 * IAM roles for Kubernetes service accounts (IRSA): one role, one service account.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { irsaTrustPolicy } from "./spec";

/** The cluster's OIDC provider, as {@link Cluster} exposes it. */
export interface OidcProvider {
    readonly arn: pulumi.Input<string>;
    readonly url: pulumi.Input<string>;
}

/** Read access to Secrets Manager secrets (granted per path, never account-wide). */
export const SECRET_READ_ACTIONS = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
];

/** One IAM policy statement granted to a service account. */
export interface PolicyStatement {
    /** IAM actions, e.g. `s3:GetObject`. */
    readonly actions: readonly string[];
    /** Resource ARNs the actions apply to. */
    readonly resources: readonly string[];
    /**
     * Allow or Deny.
     *
     * @default "Allow"
     */
    readonly effect?: "Allow" | "Deny";
    /**
     * IAM condition block, e.g. `{ StringEquals: { "aws:ResourceTag/team": "a" } }`.
     *
     * @default none
     */
    readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

/** Arguments for {@link createServiceAccountRole}. */
export interface ServiceAccountRoleArgs {
    /** The cluster's OIDC provider. */
    readonly oidc: OidcProvider;
    /** Namespace of the service account. */
    readonly namespace: string;
    /** Name of the one service account allowed to assume the role. */
    readonly serviceAccountName: string;
    /** Inline policy statements of the role. */
    readonly statements: readonly PolicyStatement[];
    /** Tags for the role. */
    readonly tags?: Record<string, string>;
}

/** Renders policy statements as an IAM policy document. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: statements.map((s) => ({
            Effect: s.effect ?? "Allow",
            Action: [...s.actions],
            Resource: [...s.resources],
            ...(s.conditions ? { Condition: s.conditions } : {}),
        })),
    });
}

/**
 * Creates an IAM role that exactly one Kubernetes service account can assume, with an inline policy.
 * Children are `${name}` (the role) and `${name}-policy`, parented by `opts.parent`.
 */
export function createServiceAccountRole(
    name: string,
    args: ServiceAccountRoleArgs,
    opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
    const role = new aws.iam.Role(
        name,
        {
            description: `IRSA role for ${args.namespace}/${args.serviceAccountName}`,
            assumeRolePolicy: pulumi
                .all([args.oidc.arn, args.oidc.url])
                .apply(([arn, url]) =>
                    irsaTrustPolicy(arn, url, args.namespace, args.serviceAccountName),
                ),
            tags: args.tags,
        },
        opts,
    );
    if (args.statements.length > 0) {
        new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: role.name, policy: policyDocument(args.statements) },
            opts,
        );
    }
    return role;
}
