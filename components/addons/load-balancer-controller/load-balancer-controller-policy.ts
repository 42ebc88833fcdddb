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
 *
 * Upstream's load balancer, target group, listener and rule ARNs name any region and account
 * (`arn:aws:elasticloadbalancing:*:*:...`); they become this stack's partition, region and account, so
 * they name only the load balancers the controller can create here. The security group ARNs
 * (`arn:aws:ec2:*:*:security-group/*`, two tagging statements) stay as upstream wrote them: the group
 * IDs are the controller's to choose, so the resource cannot be narrowed further, and both statements
 * are conditioned on this cluster's tag. The policy pack's `iam-disallow-wildcard-actions` admits that
 * one ARN through `allowedResources` in `policies/config/<stack>.json` (see
 * {@link SECURITY_GROUP_RESOURCE}).
 */
import upstream from "./data/aws-load-balancer-controller-iam-policy.json";

/** The tag the controller puts on every AWS resource it creates. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** The upstream security group ARN, admitted by the pack's `allowedResources` after review. */
export const SECURITY_GROUP_RESOURCE = "arn:aws:ec2:*:*:security-group/*";

/** Where the controller runs: its load balancer ARNs are narrowed to these. */
export interface AwsLocation {
    /** AWS partition (`aws`, `aws-cn`, `aws-us-gov`). */
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

const ELB_ANY = "arn:aws:elasticloadbalancing:*:*:";

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

/** Narrows one statement's Elastic Load Balancing ARNs from any region and account to `at`. */
export function locateStatement(statement: IamStatement, at: AwsLocation): IamStatement {
    const local = `arn:${at.partition}:elasticloadbalancing:${at.region}:${at.accountId}:`;
    const locate = (r: string) => (r.startsWith(ELB_ANY) ? local + r.slice(ELB_ANY.length) : r);
    return {
        ...statement,
        Resource: Array.isArray(statement.Resource)
            ? statement.Resource.map(locate)
            : locate(statement.Resource),
    };
}

/**
 * The upstream policy with every cluster-tag condition scoped to `clusterName` and every load
 * balancer ARN to the stack's partition, region and account.
 */
export function loadBalancerControllerPolicy(
    clusterName: string,
    at: AwsLocation,
): IamPolicyDocument {
    const doc = upstreamLoadBalancerControllerPolicy();
    return {
        ...doc,
        Statement: doc.Statement.map((s) => locateStatement(scopeStatement(s, clusterName), at)),
    };
}
