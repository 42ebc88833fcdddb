/**
 * IAM facts shared by the config validation and the policy pack: which actions let a principal raise
 * its own privileges, and which resource patterns reach beyond one owner's resources. Patterns are
 * compared the way IAM matches them (lib/aws/iam-patterns.ts): `iam:?ass*`, `IAM:passrole` and `*Role`
 * are all found, because each can match `iam:PassRole`.
 */
import { hasWildcard, patternsIntersect } from "./iam-patterns";

/** One family of privilege-escalation actions, as IAM patterns, with why and where it is written down. */
export interface EscalationFamily {
    /** What a principal holding these can do. */
    readonly why: string;
    /** IAM action patterns of the family (case-insensitive). */
    readonly actions: readonly string[];
    /** Real actions of the family, named in messages when a pattern can match one. */
    readonly examples: readonly string[];
    /** Where the actions and their effect are documented. */
    readonly source: string;
}

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference";

/**
 * Actions that grant a principal (or a role or resource it controls) more than it has. Every IAM write is
 * here (IAM's reads are `Get*`, `List*`, `Generate*` and `Simulate*`; every other verb changes
 * identities, credentials or policies), then the other services' writes that change who may do what:
 * STS role and federation sessions, EKS cluster access, and resource policies of keys, secrets,
 * buckets, queues, topics, functions and repositories. Sources per family; the escalation paths
 * themselves are collected in Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and
 * Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/).
 */
export const ESCALATION_FAMILIES: readonly EscalationFamily[] = [
    {
        why: "changes IAM identities, credentials or policies",
        actions: [
            "iam:Accept*",
            "iam:Add*",
            "iam:Associate*",
            "iam:Attach*",
            "iam:Change*",
            "iam:Create*",
            "iam:Deactivate*",
            "iam:Delete*",
            "iam:Detach*",
            "iam:Disable*",
            "iam:Disassociate*",
            "iam:Enable*",
            "iam:PassRole",
            "iam:Put*",
            "iam:Reject*",
            "iam:Remove*",
            "iam:Reset*",
            "iam:Resync*",
            "iam:Send*",
            "iam:Set*",
            "iam:Tag*",
            "iam:Untag*",
            "iam:Update*",
            "iam:Upload*",
        ],
        examples: [
            "iam:PassRole",
            "iam:AttachRolePolicy",
            "iam:AttachUserPolicy",
            "iam:AttachGroupPolicy",
            "iam:PutRolePolicy",
            "iam:PutUserPolicy",
            "iam:PutGroupPolicy",
            "iam:CreatePolicyVersion",
            "iam:SetDefaultPolicyVersion",
            "iam:CreateAccessKey",
            "iam:CreateLoginProfile",
            "iam:UpdateLoginProfile",
            "iam:UpdateAssumeRolePolicy",
            "iam:AddUserToGroup",
            "iam:CreateRole",
            "iam:CreateUser",
            "iam:CreatePolicy",
            "iam:DeleteRolePermissionsBoundary",
            "iam:DeleteRolePolicy",
            "iam:DetachRolePolicy",
            "iam:TagRole",
        ],
        source: `${SAR}/list_awsidentityandaccessmanagementiam.html`,
    },
    {
        why: "takes on another principal's permissions",
        actions: [
            "sts:AssumeRole*",
            "sts:AssumeRoot",
            "sts:GetFederationToken",
            "sts:SetSourceIdentity",
            "sts:TagSession",
        ],
        examples: ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken"],
        source: `${SAR}/list_awssecuritytokenservice.html`,
    },
    {
        why: "grants Kubernetes or AWS access inside an EKS cluster",
        actions: [
            "eks:AssociateAccessPolicy",
            "eks:AssociateIdentityProviderConfig",
            "eks:CreateAccessEntry",
            "eks:UpdateAccessEntry",
            "eks:CreatePodIdentityAssociation",
            "eks:UpdatePodIdentityAssociation",
            "eks:UpdateClusterConfig",
        ],
        examples: [
            "eks:CreateAccessEntry",
            "eks:AssociateAccessPolicy",
            "eks:CreatePodIdentityAssociation",
        ],
        source: `${SAR}/list_amazonelastickubernetesservice.html`,
    },
    {
        why: "changes who may use an encryption key",
        actions: ["kms:PutKeyPolicy", "kms:CreateGrant", "kms:ReplicateKey"],
        examples: ["kms:PutKeyPolicy", "kms:CreateGrant"],
        source: `${SAR}/list_awskeymanagementservice.html`,
    },
    {
        why: "changes who may read a secret or parameter",
        actions: [
            "secretsmanager:PutResourcePolicy",
            "secretsmanager:DeleteResourcePolicy",
            "ssm:PutResourcePolicy",
        ],
        examples: ["secretsmanager:PutResourcePolicy"],
        source: `${SAR}/list_awssecretsmanager.html`,
    },
    {
        why: "changes a resource policy that decides who may use the resource",
        actions: [
            "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy",
            "s3:PutBucketAcl",
            "s3:PutObjectAcl",
            "s3:PutAccessPointPolicy",
            "sqs:AddPermission",
            "sqs:SetQueueAttributes",
            "sns:AddPermission",
            "sns:SetTopicAttributes",
            "lambda:AddPermission",
            "lambda:AddLayerVersionPermission",
            "ecr:SetRepositoryPolicy",
            "ecr:SetRegistryPolicy",
            "logs:PutResourcePolicy",
            "events:PutPermission",
            "glacier:SetVaultAccessPolicy",
            "backup:PutBackupVaultAccessPolicy",
        ],
        examples: ["s3:PutBucketPolicy", "sqs:AddPermission", "lambda:AddPermission"],
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html",
    },
    {
        why: "runs code as another principal's role",
        actions: [
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
            "ssm:SendCommand",
            "ssm:StartSession",
            "ec2:ModifyInstanceAttribute",
            "ec2-instance-connect:SendSSHPublicKey",
            "glue:UpdateDevEndpoint",
            "codebuild:StartBuild",
            "codebuild:UpdateProject",
        ],
        examples: ["lambda:UpdateFunctionCode", "ssm:SendCommand"],
        source: "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
    },
];

/**
 * Literal actions an escalation pattern covers that grant nothing: a service-linked role's permissions
 * are fixed by AWS (`iam:CreateServiceLinkedRole`,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
 */
const NOT_ESCALATING = ["iam:createservicelinkedrole", "iam:deleteservicelinkedrole"];

/**
 * An escalation action `action` can match, or undefined: a real action of the family when the pattern
 * matches one (`iam:*Policy` can match `iam:PutRolePolicy`), else the family's pattern it meets.
 */
export function escalationMatch(
    action: string,
): { readonly pattern: string; readonly family: EscalationFamily } | undefined {
    if (!hasWildcard(action) && NOT_ESCALATING.includes(action.toLowerCase())) {
        return undefined;
    }
    for (const family of ESCALATION_FAMILIES) {
        const example = family.examples.find((e) => actionsIntersect(action, e));
        const pattern = example ?? family.actions.find((p) => actionsIntersect(action, p));
        if (pattern) {
            return { pattern, family };
        }
    }
    return undefined;
}

/**
 * True when the action patterns `a` and `b` can match one action. An action is `<service>:<name>` with
 * one colon, so when both patterns have a colon their services and names are compared apart (`*` in
 * `*:Get*` stands for a service, never for `iam:Accept`); a pattern without a colon is compared whole.
 */
export function actionsIntersect(a: string, b: string): boolean {
    const ia = a.indexOf(":");
    const ib = b.indexOf(":");
    if (ia < 0 || ib < 0) {
        return patternsIntersect(a, b, { ignoreCase: true });
    }
    return (
        patternsIntersect(a.slice(0, ia), b.slice(0, ib), { ignoreCase: true }) &&
        patternsIntersect(a.slice(ia + 1), b.slice(ib + 1), { ignoreCase: true })
    );
}

/** True when `action` (possibly with wildcards) can match a privilege-escalation action. */
export function isEscalationAction(action: string): boolean {
    return escalationMatch(action) !== undefined;
}

/**
 * Why `action` names no action, or undefined: a wildcard in the service prefix (actions of services
 * nobody listed), or an action part made only of wildcards (every action of the service: `s3:*`,
 * `s3:?*`, `S3:**`).
 */
export function wildcardAction(action: string): string | undefined {
    const colon = action.indexOf(":");
    if (colon < 0) {
        return hasWildcard(action)
            ? action === "*"
                ? "every action of every service"
                : "actions of any service (no service prefix)"
            : undefined;
    }
    const service = action.slice(0, colon);
    const name = action.slice(colon + 1);
    if (hasWildcard(service)) {
        return `actions of every service matching ${JSON.stringify(service)}`;
    }
    if (/^[*?]*$/.test(name) && hasWildcard(name)) {
        return `every ${service.toLowerCase()} action`;
    }
    return undefined;
}

/** True when `action` is `*`, `service:*` or another spelling of every action of a service. */
export function isWildcardAction(action: string): boolean {
    return wildcardAction(action) !== undefined;
}

/** How a service's resource part names one resource: a type, then the owner-chosen name. */
interface ResourceShape {
    /** Text before the name (`key/`, `secret:`, `table/`); empty when the name comes first. */
    readonly types: readonly string[];
    /** Names are not chosen by the owner (key ids) or are global (buckets): any wildcard in them is wide. */
    readonly anyWildcardIsWide: boolean;
    /** What one resource of the service is called in messages. */
    readonly noun: string;
}

/** Resource shapes of the services whose ARNs reach other owners' resources through a wildcard. */
const SHAPES = new Map<string, ResourceShape>([
    ["s3", { types: [""], anyWildcardIsWide: true, noun: "bucket" }],
    ["kms", { types: ["key/", "alias/"], anyWildcardIsWide: true, noun: "key" }],
    ["secretsmanager", { types: ["secret:"], anyWildcardIsWide: false, noun: "secret" }],
    ["ssm", { types: ["parameter/", "parameter"], anyWildcardIsWide: false, noun: "parameter" }],
    ["sqs", { types: [""], anyWildcardIsWide: false, noun: "queue" }],
    ["sns", { types: [""], anyWildcardIsWide: false, noun: "topic" }],
    ["dynamodb", { types: ["table/"], anyWildcardIsWide: false, noun: "table" }],
    [
        "iam",
        {
            types: ["role/", "user/", "policy/", "group/"],
            anyWildcardIsWide: false,
            noun: "identity",
        },
    ],
    ["logs", { types: ["log-group:"], anyWildcardIsWide: false, noun: "log group" }],
    ["ecr", { types: ["repository/"], anyWildcardIsWide: false, noun: "repository" }],
    ["lambda", { types: ["function:"], anyWildcardIsWide: false, noun: "function" }],
]);

/**
 * Why `resource` covers too much, or undefined when it is scoped: `*`; a wildcard in the partition or
 * service (every service) or in the account (any account); a resource part that starts with a
 * wildcard (every resource of the service); a wildcard in the name of a resource whose names are not
 * the owner's to choose (S3 buckets share one global namespace, KMS key ids are random); for the
 * services in {@link SHAPES}, a name that starts with a wildcard after its type (`role/*`, `secret:*x`,
 * `table/?*`); for the others, a resource part of a type and wildcards only (`queue/*`). Other
 * services' ARNs carry ids the owner does not choose (`autoScalingGroup:*:autoScalingGroupName/<name>`,
 * `targetgroup/<name>/*`), so a wildcard inside them is not read as reaching every resource. Objects under one S3 bucket
 * (`arn:aws:s3:::bucket/*`) and names under a literal prefix (`secret:team/app/*`) are scoped.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function wideResource(resource: string): string | undefined {
    if (/^[*?]*$/.test(resource) && resource !== "") {
        return "every resource";
    }
    const parts = resource.split(":");
    if (parts.length < 6 || parts[0].toLowerCase() !== "arn") {
        return hasWildcard(parts[0]) ? "every resource" : undefined;
    }
    const [, partition, service, , account] = parts;
    const rest = parts.slice(5).join(":");
    if (hasWildcard(partition) || hasWildcard(service)) {
        return "resources of every service";
    }
    if (hasWildcard(account)) {
        return "resources in any account";
    }
    if (/^[*?]/.test(rest)) {
        return `every ${service} resource`;
    }
    const shape = SHAPES.get(service);
    const type = shape?.types.find((t) => t !== "" && rest.startsWith(t));
    const name = type !== undefined ? rest.slice(type.length) : rest;
    const firstSegment = service === "s3" ? name.split("/")[0] : name;
    if (type !== undefined && /^[*?]/.test(name)) {
        return `every ${service} ${type.replace(/[/:]$/, "")}`;
    }
    if (shape?.anyWildcardIsWide && hasWildcard(firstSegment)) {
        return `any ${shape.noun} whose name matches ${JSON.stringify(firstSegment)}`;
    }
    if (shape === undefined && /^[A-Za-z0-9-]+[/:][*?]+$/.test(rest)) {
        return `every ${service} ${rest.split(/[/:]/)[0]}`;
    }
    return undefined;
}
