import * as assert from "assert";

import {
    controllerPolicy,
    KARPENTER_REVIEWED_ACTIONS,
    reviewedResources,
} from "../../../components/karpenter";
import { wildcardFindings } from "../../../policies/aws/disallowIamWildcardActions";

const context = {
    partition: "aws",
    region: "us-west-2",
    accountId: "123456789012",
    clusterName: "supply-chain-staging",
    nodeRoleArn: "arn:aws:iam::123456789012:role/nodes-node-role-abc",
    queueArn: "arn:aws:sqs:us-west-2:123456789012:supply-chain-staging-karpenter",
};

interface Statement {
    Sid: string;
    Resource: string | string[];
    Action: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}
const statements = (): Statement[] => JSON.parse(controllerPolicy(context)).Statement;
const bySid = (sid: string) => statements().find((s) => s.Sid === sid)!;

describe("Karpenter controller policy", () => {
    it("holds upstream's statements (cloudformation.yaml v1.14.1), zonal shift left out", () => {
        assert.deepStrictEqual(
            statements().map((s) => s.Sid),
            [
                "AllowScopedEC2InstanceAccessActions",
                "AllowScopedEC2LaunchTemplateAccessActions",
                "AllowScopedEC2InstanceActionsWithTags",
                "AllowScopedResourceCreationTagging",
                "AllowScopedResourceTagging",
                "AllowScopedDeletion",
                "AllowPassingInstanceRole",
                "AllowScopedInstanceProfileCreationActions",
                "AllowScopedInstanceProfileTagActions",
                "AllowScopedInstanceProfileActions",
                "AllowAPIServerEndpointDiscovery",
                "AllowInterruptionQueueActions",
                "AllowRegionalReadActions",
                "AllowSSMReadActions",
                "AllowPricingReadActions",
                "AllowUnscopedInstanceProfileListAction",
                "AllowInstanceProfileReadActions",
            ],
        );
    });

    it("passes only the node role, only to EC2", () => {
        assert.deepStrictEqual(bySid("AllowPassingInstanceRole"), {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Resource: context.nodeRoleArn,
            Action: "iam:PassRole",
            Condition: {
                StringEquals: {
                    "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"],
                },
            },
        });
    });

    it("terminates only instances this cluster's Karpenter launched", () => {
        assert.deepStrictEqual(bySid("AllowScopedDeletion").Condition, {
            StringEquals: {
                "aws:ResourceTag/kubernetes.io/cluster/supply-chain-staging": "owned",
            },
            StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        });
    });

    it("reads only its own queue and describes only its own cluster", () => {
        assert.deepStrictEqual(
            [
                bySid("AllowInterruptionQueueActions").Resource,
                bySid("AllowAPIServerEndpointDiscovery").Resource,
            ],
            [context.queueArn, "arn:aws:eks:us-west-2:123456789012:cluster/supply-chain-staging"],
        );
    });

    it("is admitted by iam-disallow-wildcard-actions exactly through the reviewed actions and resources", () => {
        const reviewed = reviewedResources("aws", "us-west-2");
        assert.deepStrictEqual(
            wildcardFindings(controllerPolicy(context), [...KARPENTER_REVIEWED_ACTIONS], reviewed),
            [],
        );
        // Without the review, each escalation action and each wide ARN is reported.
        const findings = wildcardFindings(controllerPolicy(context), [], []);
        assert.deepStrictEqual(
            [...new Set(findings.map((f) => f.match(/(action|resource) "([^"]+)"/)![2]))].sort(),
            [...KARPENTER_REVIEWED_ACTIONS, ...reviewed].sort(),
        );
    });
});
