import { resourcePolicy } from "../shared/policy";

interface Statement {
    Effect?: string;
    Principal?: unknown;
    Action?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/** The EKS Pod Identity service principal. */
const POD_IDENTITY = "pods.eks.amazonaws.com";
const SESSION_TAGS = [
    "aws:RequestTag/kubernetes-namespace",
    "aws:RequestTag/kubernetes-service-account",
];
/** Either session tag names the cluster (the ARN also names its account and region). */
const CLUSTER_TAGS = ["aws:RequestTag/eks-cluster-arn", "aws:RequestTag/eks-cluster-name"];

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const wild = (v: unknown) => typeof v !== "string" || /[*?]/.test(v);

/** Values of a condition key under the exact-match operators, or under StringLike (where `*` and `?` match). */
function conditionValues(
    condition: Statement["Condition"],
    match: (key: string) => boolean,
): { exact: unknown[]; like: unknown[] } {
    const exact: unknown[] = [];
    const like: unknown[] = [];
    for (const [operator, keys] of Object.entries(condition ?? {})) {
        for (const [key, value] of Object.entries(keys ?? {})) {
            if (!match(key)) {
                continue;
            }
            if (operator === "StringEquals") {
                exact.push(...list(value));
            } else if (operator === "StringLike") {
                like.push(...list(value));
            }
        }
    }
    return { exact, like };
}

/** Who may assume the role through one statement: an OIDC provider, Pod Identity, or neither. */
function federatedOidc(principal: unknown): string[] {
    const federated = (principal as { Federated?: unknown } | undefined)?.Federated;
    return list(federated).filter(
        (p): p is string => typeof p === "string" && p.includes(":oidc-provider/"),
    );
}
function trustsPodIdentity(principal: unknown): boolean {
    return list((principal as { Service?: unknown } | undefined)?.Service).includes(POD_IDENTITY);
}

/**
 * Findings for one trust policy document (JSON text or object): statements that let every service
 * account of a cluster (or of every cluster) assume the role.
 */
export function trustFindings(document: unknown): string[] {
    let doc: { Statement?: Statement | Statement[] };
    try {
        doc =
            typeof document === "string" ? JSON.parse(document) : ((document ?? {}) as typeof doc);
    } catch {
        return ["trust policy is not valid JSON"];
    }
    const findings: string[] = [];
    list(doc.Statement).forEach((raw, i) => {
        const s = raw as Statement;
        if (s.Effect !== "Allow") {
            return;
        }
        for (const provider of federatedOidc(s.Principal)) {
            const sub = conditionValues(s.Condition, (k) => k.endsWith(":sub"));
            const subjects = [...sub.exact, ...sub.like];
            if (subjects.length === 0) {
                findings.push(
                    `Statement[${i}] trusts ${provider} without a ":sub" condition: every service account of the cluster can assume the role; add StringEquals "<issuer>:sub": "system:serviceaccount:<namespace>:<name>"`,
                );
                continue;
            }
            for (const v of sub.like.filter(wild)) {
                findings.push(
                    `Statement[${i}] trusts ${provider} for every service account matching ${JSON.stringify(v)}; name one service account with StringEquals`,
                );
            }
            for (const v of subjects.filter(
                (v) => !/^system:serviceaccount:[^:]+:[^:]+$/.test(String(v)),
            )) {
                findings.push(
                    `Statement[${i}] trusts ${provider} for subject ${JSON.stringify(v)}, which is not system:serviceaccount:<namespace>:<name>`,
                );
            }
        }
        if (trustsPodIdentity(s.Principal)) {
            for (const key of SESSION_TAGS) {
                const tag = conditionValues(s.Condition, (k) => k === key);
                const values = [...tag.exact, ...tag.like.filter(wild)];
                if (tag.exact.length === 0 || tag.like.some(wild)) {
                    findings.push(
                        `Statement[${i}] trusts ${POD_IDENTITY} without StringEquals on ${key}${values.length > 0 ? ` (got ${JSON.stringify(values)})` : ""}: any Pod Identity association in the account can hand the role to any service account; scope it to the namespace and service account the association names`,
                    );
                }
            }
            const cluster = conditionValues(s.Condition, (k) => CLUSTER_TAGS.includes(k));
            if (cluster.exact.length === 0 || cluster.like.some(wild)) {
                findings.push(
                    `Statement[${i}] trusts ${POD_IDENTITY} without StringEquals on aws:RequestTag/eks-cluster-arn (or eks-cluster-name): the service account of that name in every cluster of the account can assume the role; name the cluster`,
                );
            }
        }
    });
    return findings;
}

/**
 * No role trusts every service account of a cluster: an IRSA trust (a federated OIDC provider) names
 * one service account in an exact `:sub` condition, and an EKS Pod Identity trust names the namespace
 * and service account of its association and its cluster in the session-tag conditions EKS sets
 * (`aws:RequestTag/kubernetes-namespace`, `aws:RequestTag/kubernetes-service-account`,
 * `aws:RequestTag/eks-cluster-arn` or `eks-cluster-name`). Without them a Pod Identity role is scoped
 * only by whoever may create associations in the account.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export const restrictWorkloadTrust = resourcePolicy({
    name: "iam-restrict-workload-trust",
    description:
        "IAM roles for Kubernetes workloads trust one service account: an IRSA trust has an exact `<issuer>:sub` condition naming system:serviceaccount:<namespace>:<name> (no missing condition, no wildcard), and an EKS Pod Identity trust has StringEquals on the kubernetes-namespace, kubernetes-service-account and eks-cluster-arn (or eks-cluster-name) session tags.",
    severity: "high",
    remediationSteps:
        'For IRSA add StringEquals "<issuer>:sub": "system:serviceaccount:<namespace>:<name>"; for EKS Pod Identity add StringEquals on aws:RequestTag/kubernetes-namespace, aws:RequestTag/kubernetes-service-account and aws:RequestTag/eks-cluster-arn matching the PodIdentityAssociation and its cluster.',
    url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
    types: ["aws:iam/role:Role"],
    check: (props, _type, name) =>
        trustFindings(props.assumeRolePolicy).map(
            (f) => `IAM Role '${name}' assumeRolePolicy: ${f}.`,
        ),
});
