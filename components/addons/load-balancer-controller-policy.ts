/**
 * The AWS Load Balancer Controller's IAM policy: the upstream document, scoped to one cluster.
 *
 * The document is stored unmodified in `data/aws-load-balancer-controller-iam-policy.json`, copied from
 * kubernetes-sigs/aws-load-balancer-controller `docs/install/iam_policy.json` at the tag named in the
 * file (`version`, `commit`). Upstream guards the create, modify and delete actions with
 * `"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}` (the tag exists, for ANY cluster). The
 * controller tags everything it creates with `elbv2.k8s.aws/cluster: <cluster name>`
 * (`pkg/deploy/tracking/provider.go`, `StackTags`), so each such condition becomes a `StringEquals` on
 * this cluster's name: the controller of one cluster cannot modify or delete another cluster's load
 * balancers, target groups or security groups in the same account.
 */
import upstream from "./data/aws-load-balancer-controller-iam-policy.json";

/** The tag the controller puts on every AWS resource it creates. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** Controller version whose upstream policy is stored (chart and controller versions match from 3.x). */
export const LOAD_BALANCER_CONTROLLER_POLICY_VERSION = upstream.version;

/** Where the stored policy comes from. */
export const LOAD_BALANCER_CONTROLLER_POLICY_SOURCE = upstream.source;

type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** One statement of an IAM policy document. */
export interface IamStatement {
    readonly Effect: string;
    readonly Action: string[];
    readonly Resource: string | string[];
    readonly Condition?: ConditionBlock;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
    readonly Version: string;
    readonly Statement: IamStatement[];
}

const TAG_KEYS = [`aws:RequestTag/${CLUSTER_TAG}`, `aws:ResourceTag/${CLUSTER_TAG}`];

/** The stored upstream document, unmodified. */
export function upstreamLoadBalancerControllerPolicy(): IamPolicyDocument {
    return JSON.parse(JSON.stringify(upstream.policy)) as IamPolicyDocument;
}

/**
 * Rewrites one statement's conditions: every "the cluster tag is present" check (`Null: "false"`) on
 * the request or resource tag becomes "the cluster tag equals `clusterName`". "The tag is absent" checks
 * (`Null: "true"`, which stop a caller from changing the cluster tag itself) are kept as they are.
 */
export function scopeStatement(statement: IamStatement, clusterName: string): IamStatement {
    if (!statement.Condition?.Null) {
        return statement;
    }
    const nulls: Record<string, string | string[]> = {};
    const equals: Record<string, string | string[]> = { ...statement.Condition.StringEquals };
    for (const [key, value] of Object.entries(statement.Condition.Null)) {
        if (TAG_KEYS.includes(key) && value === "false") {
            equals[key] = clusterName;
        } else {
            nulls[key] = value;
        }
    }
    const rest = Object.fromEntries(
        Object.entries(statement.Condition).filter(
            ([op]) => op !== "Null" && op !== "StringEquals",
        ),
    );
    const condition: ConditionBlock = {
        ...rest,
        ...(Object.keys(equals).length > 0 ? { StringEquals: equals } : {}),
        ...(Object.keys(nulls).length > 0 ? { Null: nulls } : {}),
    };
    return { ...statement, Condition: condition };
}

/** The upstream policy with every cluster-tag condition scoped to `clusterName`. */
export function loadBalancerControllerPolicy(clusterName: string): IamPolicyDocument {
    const doc = upstreamLoadBalancerControllerPolicy();
    return { ...doc, Statement: doc.Statement.map((s) => scopeStatement(s, clusterName)) };
}
