import { resourcePolicy } from "../shared/policy";

interface Config {
    readonly allowedActions: string[];
}

interface Statement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
}

/** Wildcard findings for one policy document (JSON text or object). */
export function wildcardFindings(document: unknown, allowed: readonly string[]): string[] {
    let doc: { Statement?: Statement | Statement[] };
    try {
        doc =
            typeof document === "string" ? JSON.parse(document) : ((document ?? {}) as typeof doc);
    } catch {
        return [`policy document is not valid JSON`];
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
                `Statement[${i}] allows NotAction ${JSON.stringify(s.NotAction)} (everything else)`,
            );
        }
        const actions =
            s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action];
        for (const a of actions.filter(
            (a) => (a === "*" || a.endsWith(":*")) && !allowed.includes(a),
        )) {
            findings.push(`Statement[${i}] allows action ${JSON.stringify(a)}`);
        }
    });
    return findings;
}

/**
 * IAM policies allow named actions, never `*` or `service:*`, and never `NotAction` with Allow.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export const disallowIamWildcardActions = resourcePolicy<Config>({
    name: "iam-disallow-wildcard-actions",
    description:
        'IAM policies allow only named actions: no "*", no "service:*", no Allow with NotAction.',
    severity: "high",
    remediationSteps:
        "List the exact actions the workload needs (e.g. s3:GetObject); add a justified exception to allowedActions only after review.",
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
                description: 'Wildcard actions allowed after review (e.g. "s3:Get*").',
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
            wildcardFindings(doc, config.allowedActions).map(
                (f) =>
                    `IAM ${type.split(":").pop()} '${name}' ${field}: ${f}; grant named actions only.`,
            ),
        );
    },
});
