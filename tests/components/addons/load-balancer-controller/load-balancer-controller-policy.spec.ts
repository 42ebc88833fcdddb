import * as assert from "assert";

import {
    CLUSTER_TAG,
    LOAD_BALANCER_CONTROLLER_POLICY_SOURCE,
    LOAD_BALANCER_CONTROLLER_POLICY_VERSION,
    loadBalancerControllerPolicy,
    scopeStatement,
    SECURITY_GROUP_RESOURCE,
    upstreamLoadBalancerControllerPolicy,
} from "../../../../components/addons/load-balancer-controller/load-balancer-controller-policy";
import { wildcardFindings } from "../../../../policies/aws/disallowIamWildcardActions";

const CLUSTER = "supply-chain-staging";
const HERE = { partition: "aws", region: "us-west-2", accountId: "111122223333" };
const REQUEST = `aws:RequestTag/${CLUSTER_TAG}`;
const RESOURCE = `aws:ResourceTag/${CLUSTER_TAG}`;

describe("AWS Load Balancer Controller IAM policy", () => {
    it("is upstream's document for the pinned controller version, with its source named", () => {
        assert.strictEqual(LOAD_BALANCER_CONTROLLER_POLICY_VERSION, "v3.5.0");
        assert.strictEqual(
            LOAD_BALANCER_CONTROLLER_POLICY_SOURCE,
            "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/install/iam_policy.json",
        );
        const upstream = upstreamLoadBalancerControllerPolicy();
        assert.strictEqual(upstream.Statement.length, 16);
        // Upstream guards by "the cluster tag exists" (any cluster) in 7 statements.
        const anyCluster = upstream.Statement.filter((s) =>
            Object.entries(s.Condition?.Null ?? {}).some(
                ([k, v]) => [REQUEST, RESOURCE].includes(k) && v === "false",
            ),
        );
        assert.strictEqual(anyCluster.length, 7);
    });

    it("scopes every cluster-tag condition to this cluster and keeps the rest of each statement", () => {
        const upstream = upstreamLoadBalancerControllerPolicy();
        const scoped = loadBalancerControllerPolicy(CLUSTER, HERE);
        assert.strictEqual(scoped.Statement.length, upstream.Statement.length);
        scoped.Statement.forEach((s, i) => {
            assert.deepStrictEqual(s.Action, upstream.Statement[i].Action);
            assert.strictEqual(s.Effect, "Allow");
            for (const [key, value] of Object.entries(s.Condition?.Null ?? {})) {
                // Only "the tag is absent from the request" survives as a Null check.
                assert.deepStrictEqual([key, value], [REQUEST, "true"], `statement ${i}`);
            }
        });
        const byAction = (action: string) =>
            scoped.Statement.filter((s) => s.Action.includes(action)).map((s) => s.Condition);
        assert.deepStrictEqual(byAction("elasticloadbalancing:CreateLoadBalancer"), [
            { StringEquals: { [REQUEST]: CLUSTER } },
        ]);
        assert.deepStrictEqual(byAction("elasticloadbalancing:DeleteLoadBalancer"), [
            { StringEquals: { [RESOURCE]: CLUSTER } },
        ]);
        assert.deepStrictEqual(byAction("ec2:DeleteSecurityGroup"), [
            { StringEquals: { [RESOURCE]: CLUSTER } },
        ]);
        assert.deepStrictEqual(byAction("ec2:CreateTags"), [
            { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", [REQUEST]: CLUSTER } },
            { StringEquals: { [RESOURCE]: CLUSTER }, Null: { [REQUEST]: "true" } },
        ]);
        assert.deepStrictEqual(byAction("elasticloadbalancing:RemoveTags"), [
            { StringEquals: { [RESOURCE]: CLUSTER }, Null: { [REQUEST]: "true" } },
            undefined,
        ]);
    });

    it("leaves statements without cluster-tag conditions unchanged", () => {
        const statement = {
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: "*",
            Condition: {
                StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
            },
        };
        assert.deepStrictEqual(scopeStatement(statement, CLUSTER), statement);
    });

    it("names load balancer ARNs in this partition, region and account only; security groups stay upstream's", () => {
        const upstream = upstreamLoadBalancerControllerPolicy();
        const resources = (doc: typeof upstream) =>
            doc.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
        const located = resources(loadBalancerControllerPolicy(CLUSTER, HERE));
        assert.deepStrictEqual(
            located,
            resources(upstream).map((r) =>
                r.replace(
                    "arn:aws:elasticloadbalancing:*:*:",
                    "arn:aws:elasticloadbalancing:us-west-2:111122223333:",
                ),
            ),
        );
        assert.deepStrictEqual(
            [...new Set(located.filter((r) => r !== "*" && !r.includes(":111122223333:")))],
            [SECURITY_GROUP_RESOURCE],
        );
        const china = loadBalancerControllerPolicy(CLUSTER, { ...HERE, partition: "aws-cn" });
        assert.ok(
            resources(china).includes(
                "arn:aws-cn:elasticloadbalancing:us-west-2:111122223333:targetgroup/*/*",
            ),
        );
    });

    it("passes the pack's IAM check with only the security group ARN allowed, and fits an inline role policy", () => {
        const doc = loadBalancerControllerPolicy(CLUSTER, HERE);
        assert.deepStrictEqual(wildcardFindings(doc, [], [SECURITY_GROUP_RESOURCE]), []);
        // Without the allowance: exactly the two security group tagging statements.
        assert.deepStrictEqual(wildcardFindings(doc, []), [
            `Statement[5] allows resource "${SECURITY_GROUP_RESOURCE}" (resources in any account); name the resources, or list it in allowedResources after review`,
            `Statement[6] allows resource "${SECURITY_GROUP_RESOURCE}" (resources in any account); name the resources, or list it in allowedResources after review`,
        ]);
        assert.ok(JSON.stringify(doc).length < 10_240, `${JSON.stringify(doc).length} characters`);
    });
});
