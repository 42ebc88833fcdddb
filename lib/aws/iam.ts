/**
 * IAM facts shared by the config validation and the policy pack: which actions let a principal raise
 * its own privileges, and which resource ARNs cover a whole account or every resource of a kind.
 *
 * Escalation paths: the actions below let a principal grant itself (or a role it can use) more
 * permissions: create or change policies, users, roles and their trust, attach or put policies, pass a
 * role to a service, or assume another role.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_passrole.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
 */

/** Patterns (IAM action syntax, `*` wildcards, case-insensitive) of privilege-escalation actions. */
export const ESCALATION_PATTERNS: readonly string[] = [
    "iam:PassRole",
    "iam:Create*",
    "iam:Attach*",
    "iam:Put*",
    "iam:Update*",
    "iam:Upload*",
    "iam:AddUserToGroup",
    "iam:AddRoleToInstanceProfile",
    "iam:SetDefaultPolicyVersion",
    "iam:Delete*PermissionsBoundary",
    "iam:Delete*Policy",
    "iam:Detach*Policy",
    "sts:AssumeRole*",
    "sts:AssumeRoot",
    "sts:GetFederationToken",
];

/**
 * Concrete escalation actions, so that a wildcard written in a policy (`iam:Att*`, `*:Put*`) is found
 * even when it is not itself one of the patterns above.
 */
const ESCALATION_ACTIONS: readonly string[] = [
    "iam:PassRole",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:CreateRole",
    "iam:CreateUser",
    "iam:CreateGroup",
    "iam:CreateInstanceProfile",
    "iam:CreateOpenIDConnectProvider",
    "iam:CreateSAMLProvider",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    "iam:UpdateAccessKey",
    "iam:UpdateRole",
    "iam:UploadSSHPublicKey",
    "iam:AddUserToGroup",
    "iam:AddRoleToInstanceProfile",
    "iam:SetDefaultPolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoot",
    "sts:GetFederationToken",
];

/** Compiled IAM patterns: the policy and the config check test every action against every pattern. */
const GLOBS = new Map<string, RegExp>();

/** True when the IAM pattern `pattern` (`*` and `?` wildcards, case-insensitive) matches `value`. */
export function iamGlob(pattern: string, value: string): boolean {
    let re = GLOBS.get(pattern);
    if (!re) {
        const source = pattern
            .split("")
            .map((ch) =>
                ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
            )
            .join("");
        re = new RegExp(`^${source}$`, "i");
        GLOBS.set(pattern, re);
    }
    return re.test(value);
}

/** True when `action` (possibly with wildcards) is or covers a privilege-escalation action. */
export function isEscalationAction(action: string): boolean {
    // A service-linked role's permissions are fixed by AWS; creating one grants the caller nothing.
    if (/^iam:CreateServiceLinkedRole$/i.test(action)) {
        return false;
    }
    return (
        ESCALATION_PATTERNS.some((p) => iamGlob(p, action)) ||
        ESCALATION_ACTIONS.some((a) => iamGlob(action, a))
    );
}

/** True when `action` is `*` or `service:*` (every action of a service). */
export function isWildcardAction(action: string): boolean {
    return action === "*" || action.endsWith(":*");
}

/**
 * Why `resource` covers too much, or undefined when it is scoped: `*`, any account (`arn:aws:iam::*:...`),
 * or every resource of a service or kind (`arn:aws:s3:::*`, `arn:aws:iam::111122223333:role/*`,
 * `arn:aws:sqs:us-west-2:111122223333:*`). Objects under one S3 bucket (`arn:aws:s3:::bucket/*`) are
 * scoped.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function wideResource(resource: string): string | undefined {
    if (resource === "*") {
        return "every resource";
    }
    const parts = resource.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    const [, partition, service, , account] = parts;
    const rest = parts.slice(5).join(":");
    if (partition.includes("*") || service.includes("*")) {
        return "resources of every service";
    }
    if (account.includes("*")) {
        return "resources in any account";
    }
    if (rest.startsWith("*")) {
        return `every ${service} resource`;
    }
    if (service !== "s3" && /^[A-Za-z0-9-]+[/:]\*$/.test(rest)) {
        return `every ${service} ${rest.slice(0, -2)}`;
    }
    return undefined;
}
