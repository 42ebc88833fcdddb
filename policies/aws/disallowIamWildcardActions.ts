import { escalationMatch, wideResource, wildcardAction } from "../../lib/aws/iam";
import { resourcePolicy } from "../shared/policy";

interface Config {
    readonly allowedActions: string[];
    readonly allowedResources: string[];
}

interface Statement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
}

const list = (v: string | string[] | undefined): string[] =>
    v === undefined ? [] : Array.isArray(v) ? v : [v];

/**
 * Findings for one policy document (JSON text or object): Allow statements with wildcard or
 * privilege-escalation actions not in `allowed`, NotAction, and resources that cover any account or
 * every resource of a kind (not `*` alone: many read-only actions support only `*`) not in
 * `allowedResources`.
 */
export function wildcardFindings(
    document: unknown,
    allowed: readonly string[],
    allowedResources: readonly string[] = [],
): string[] {
    let doc: { Statement?: Statement | Statement[] };
    try {
        doc =
            typeof document === "string" ? JSON.parse(document) : ((document ?? {}) as typeof doc);
    } catch {
        return [`policy document is not valid JSON; grant named actions only`];
    }
    const statements = Array.isArray(doc.Statement)
        ? doc.Statement
        : doc.Statement
          ? [doc.Statement]
          : [];
    const findings: string[] = [];
    statements.forEach((s, i) => {
        if (s.Effect !== "Allow") {
            return;
        }
        if (s.NotAction !== undefined) {
            findings.push(
                `Statement[${i}] allows NotAction ${JSON.stringify(s.NotAction)} (everything else); grant named actions only`,
            );
        }
        if (s.NotResource !== undefined) {
            findings.push(
                `Statement[${i}] allows NotResource ${JSON.stringify(s.NotResource)} (every other resource); name the resources`,
            );
        }
        for (const a of list(s.Action).filter((a) => !allowed.includes(a))) {
            const wildcard = typeof a === "string" ? wildcardAction(a) : "no action";
            const escalation = typeof a === "string" ? escalationMatch(a) : undefined;
            if (wildcard) {
                findings.push(
                    `Statement[${i}] allows action ${JSON.stringify(a)} (${wildcard}); grant named actions only`,
                );
            } else if (escalation) {
                findings.push(
                    `Statement[${i}] allows action ${JSON.stringify(a)}, which can match privilege-escalation action ${escalation.pattern} (${escalation.family.why}); grant named actions only, or list it in allowedActions after review`,
                );
            }
        }
        for (const r of list(s.Resource).filter(
            (r) => r !== "*" && !allowedResources.includes(r),
        )) {
            const why = typeof r === "string" ? wideResource(r) : "not an ARN";
            if (why) {
                findings.push(
                    `Statement[${i}] allows resource ${JSON.stringify(r)} (${why}); name the resources, or list it in allowedResources after review`,
                );
            }
        }
    });
    return findings;
}

/**
 * IAM policies allow named actions, never `*`, `service:*`, privilege-escalation actions
 * (`iam:PassRole`, `iam:Create*`, `iam:Attach*`, `iam:Put*`, `iam:Update*`, `sts:AssumeRole*`...) or
 * `NotAction` with Allow, and never resources across accounts or every resource of a kind. The config
 * (`services.<name>.iam`) refuses the same; this policy backs it up for every IAM policy in the stack.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export const disallowIamWildcardActions = resourcePolicy<Config>({
    name: "iam-disallow-wildcard-actions",
    description:
        'IAM policies allow only named, non-escalating actions on scoped resources: no pattern that names no action ("*", "service:*", "*:Get*") or can match a privilege-escalation action (IAM writes, iam:PassRole, sts:AssumeRole*, EKS access entries, key, secret and bucket policies...), no Allow with NotAction or NotResource, no account-wide resource ARNs.',
    severity: "high",
    remediationSteps:
        "List the exact actions and resources the workload needs (e.g. s3:GetObject on arn:aws:s3:::bucket/*); add a justified exception to allowedActions or allowedResources only after review.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    types: [
        "aws:iam/policy:Policy",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/groupPolicy:GroupPolicy",
        "aws:iam/role:Role",
    ],
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Wildcard or escalation actions allowed after review, exactly as written (e.g. "s3:Get*").',
            },
            allowedResources: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Account-wide resource ARNs allowed after review, exactly as written (e.g. "arn:aws:s3:::*").',
            },
        },
    },
    check: (props, type, name, config) => {
        const documents: [string, unknown][] =
            type === "aws:iam/role:Role"
                ? ((props.inlinePolicies ?? []) as { name?: string; policy?: unknown }[]).map(
                      (p, i) => [`inlinePolicies[${i}].policy`, p.policy],
                  )
                : [["policy", props.policy]];
        return documents.flatMap(([field, doc]) =>
            wildcardFindings(doc, config.allowedActions, config.allowedResources).map(
                (f) => `IAM ${type.split(":").pop()} '${name}' ${field}: ${f}.`,
            ),
        );
    },
});
