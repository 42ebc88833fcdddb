import * as assert from "assert";

import { eksClusterArn, podIdentityTrustPolicy } from "../../../lib/aws/pod-identity";

describe("podIdentityTrustPolicy", () => {
    it("trusts EKS Pod Identity for one service account of one cluster, through its session tags", () => {
        assert.deepStrictEqual(
            JSON.parse(
                podIdentityTrustPolicy({
                    clusterArn: eksClusterArn(
                        "aws",
                        "us-west-2",
                        "111122223333",
                        "supply-chain-staging",
                    ),
                    namespace: "kube-system",
                    serviceAccount: "karpenter",
                }),
            ),
            {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
                        Effect: "Allow",
                        Principal: { Service: "pods.eks.amazonaws.com" },
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                        Condition: {
                            StringEquals: {
                                "aws:RequestTag/eks-cluster-arn":
                                    "arn:aws:eks:us-west-2:111122223333:cluster/supply-chain-staging",
                                "aws:RequestTag/kubernetes-namespace": "kube-system",
                                "aws:RequestTag/kubernetes-service-account": "karpenter",
                            },
                        },
                    },
                ],
            },
        );
    });
});
