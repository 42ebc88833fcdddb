import * as assert from "assert";

import {
    amiTypeFor,
    buildAdminAccessEntries,
    irsaTrustPolicy,
    planSubnets,
    toEksTaints,
} from "../../../components/cluster/spec";

describe("cluster/spec", () => {
    it("splits a /16 into non-overlapping private /19 and public /22 subnets per zone", () => {
        assert.deepStrictEqual(planSubnets("10.20.0.0/16", ["a", "b", "c"]), [
            { zone: "a", privateCidr: "10.20.0.0/19", publicCidr: "10.20.192.0/22" },
            { zone: "b", privateCidr: "10.20.32.0/19", publicCidr: "10.20.196.0/22" },
            { zone: "c", privateCidr: "10.20.64.0/19", publicCidr: "10.20.200.0/22" },
        ]);
    });

    it("fails when the VPC cannot hold the zones", () => {
        assert.throws(() => planSubnets("10.0.0.0/24", ["a", "b"]), {
            message:
                "VPC 10.0.0.0/24 is too small for 2 zones; use a /16 to /22 block and at most 6 zones",
        });
    });

    it("converts Kubernetes taint effects to the EKS form", () => {
        assert.deepStrictEqual(
            toEksTaints([
                { key: "workload", value: "ml", effect: "NoSchedule" },
                { key: "a", value: "b", effect: "NoExecute" },
                { key: "c", value: "d", effect: "PreferNoSchedule" },
            ]),
            [
                { key: "workload", value: "ml", effect: "NO_SCHEDULE" },
                { key: "a", value: "b", effect: "NO_EXECUTE" },
                { key: "c", value: "d", effect: "PREFER_NO_SCHEDULE" },
            ],
        );
    });

    it("selects the NVIDIA AMI only for GPU groups", () => {
        assert.strictEqual(amiTypeFor(true), "AL2023_x86_64_NVIDIA");
        assert.strictEqual(amiTypeFor(false), "AL2023_x86_64_STANDARD");
    });

    it("grants admins the cluster-admin access policy, cluster-wide", () => {
        assert.deepStrictEqual(
            buildAdminAccessEntries([
                { name: "ops", principalArn: "arn:aws:iam::111122223333:role/ops" },
            ]),
            {
                ops: {
                    principalArn: "arn:aws:iam::111122223333:role/ops",
                    type: "STANDARD",
                    accessPolicies: {
                        admin: {
                            policyArn:
                                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                            accessScope: { type: "cluster" },
                        },
                    },
                },
            },
        );
    });

    it("pins IRSA trust to one service account and the STS audience", () => {
        const policy = JSON.parse(
            irsaTrustPolicy(
                "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A",
                "https://oidc.eks.x/id/A",
                "supply-chain",
                "order",
            ),
        );
        assert.deepStrictEqual(policy.Statement, [
            {
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "oidc.eks.x/id/A:sub": "system:serviceaccount:supply-chain:order",
                        "oidc.eks.x/id/A:aud": "sts.amazonaws.com",
                    },
                },
            },
        ]);
    });
});
