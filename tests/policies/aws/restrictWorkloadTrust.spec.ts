/**
 * iam-restrict-workload-trust: exact findings per trust shape and generated trust documents of both
 * kinds. The corpus (every role of both committed stacks) is checked in tests/stacks/node-pools.spec.ts.
 */
import * as assert from "assert";
import fc from "fast-check";

import { irsaTrustPolicy } from "../../../components/cluster/spec";
import { podIdentityTrustPolicy } from "../../../lib/aws/pod-identity";
import { restrictWorkloadTrust, trustFindings } from "../../../policies/aws/restrictWorkloadTrust";
import { policyCases } from "../../helpers/policy";

const ROLE = "aws:iam/role:Role";
const OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC";
const ISSUER = "oidc.eks.us-west-2.amazonaws.com/id/ABC";
const CLUSTER = "arn:aws:eks:us-west-2:123456789012:cluster/c";

const irsaRole = () => ({
    assumeRolePolicy: irsaTrustPolicy(OIDC, `https://${ISSUER}`, "supply-chain", "order"),
});
const podIdentityRole = () => ({
    assumeRolePolicy: podIdentityTrustPolicy({
        clusterArn: CLUSTER,
        namespace: "kube-system",
        serviceAccount: "karpenter",
    }),
});
type Doc = { Statement: { Condition: Record<string, Record<string, unknown>> }[] };
const edit = (r: { assumeRolePolicy: unknown }, change: (d: Doc) => void) => {
    const doc = JSON.parse(String(r.assumeRolePolicy)) as Doc;
    change(doc);
    r.assumeRolePolicy = JSON.stringify(doc);
};

describe("iam-restrict-workload-trust", () => {
    describe("IRSA", () => {
        policyCases(restrictWorkloadTrust, ROLE, irsaRole, [
            {
                name: "the trust has no :sub condition (every service account of the cluster)",
                mutate: (r) =>
                    edit(
                        r as never,
                        (d) => delete d.Statement[0].Condition.StringEquals[`${ISSUER}:sub`],
                    ),
                expected: [
                    `IAM Role 'test' assumeRolePolicy: Statement[0] trusts ${OIDC} without a ":sub" condition: every service account of the cluster can assume the role; add StringEquals "<issuer>:sub": "system:serviceaccount:<namespace>:<name>".`,
                ],
            },
            {
                name: "the subject is a wildcard over every namespace",
                mutate: (r) =>
                    edit(r as never, (d) => {
                        delete d.Statement[0].Condition.StringEquals[`${ISSUER}:sub`];
                        d.Statement[0].Condition.StringLike = {
                            [`${ISSUER}:sub`]: "system:serviceaccount:*",
                        };
                    }),
                expected: [
                    `IAM Role 'test' assumeRolePolicy: Statement[0] trusts ${OIDC} for every service account matching "system:serviceaccount:*"; name one service account with StringEquals.`,
                    `IAM Role 'test' assumeRolePolicy: Statement[0] trusts ${OIDC} for subject "system:serviceaccount:*", which is not system:serviceaccount:<namespace>:<name>.`,
                ],
            },
        ]);
    });

    describe("EKS Pod Identity", () => {
        policyCases(restrictWorkloadTrust, ROLE, podIdentityRole, [
            {
                name: "the trust names no service account",
                mutate: (r) =>
                    edit(
                        r as never,
                        (d) =>
                            delete d.Statement[0].Condition.StringEquals[
                                "aws:RequestTag/kubernetes-service-account"
                            ],
                    ),
                expected: [
                    "IAM Role 'test' assumeRolePolicy: Statement[0] trusts pods.eks.amazonaws.com without StringEquals on aws:RequestTag/kubernetes-service-account: any Pod Identity association in the account can hand the role to any service account; scope it to the namespace and service account the association names.",
                ],
            },
            {
                name: "the trust names no cluster",
                mutate: (r) =>
                    edit(
                        r as never,
                        (d) =>
                            delete d.Statement[0].Condition.StringEquals[
                                "aws:RequestTag/eks-cluster-arn"
                            ],
                    ),
                expected: [
                    "IAM Role 'test' assumeRolePolicy: Statement[0] trusts pods.eks.amazonaws.com without StringEquals on aws:RequestTag/eks-cluster-arn (or eks-cluster-name): the service account of that name in every cluster of the account can assume the role; name the cluster.",
                ],
            },
            {
                name: "the cluster is a wildcard",
                mutate: (r) =>
                    edit(r as never, (d) => {
                        delete d.Statement[0].Condition.StringEquals[
                            "aws:RequestTag/eks-cluster-arn"
                        ];
                        d.Statement[0].Condition.StringLike = {
                            "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:*",
                        };
                    }),
                expected: [
                    "IAM Role 'test' assumeRolePolicy: Statement[0] trusts pods.eks.amazonaws.com without StringEquals on aws:RequestTag/eks-cluster-arn (or eks-cluster-name): the service account of that name in every cluster of the account can assume the role; name the cluster.",
                ],
            },
        ]);
    });

    it("accepts every scoped trust and reports every unscoped one (generated)", () => {
        const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
        fc.assert(
            fc.property(
                name,
                name,
                fc.constantFrom("irsa", "pod-identity"),
                fc.constantFrom("scoped", "unscoped", "wildcard"),
                (namespace, sa, kind, shape) => {
                    const doc = JSON.parse(
                        kind === "irsa"
                            ? irsaTrustPolicy(OIDC, `https://${ISSUER}`, namespace, sa)
                            : podIdentityTrustPolicy({
                                  clusterArn: CLUSTER,
                                  namespace,
                                  serviceAccount: sa,
                              }),
                    ) as Doc;
                    const key =
                        kind === "irsa"
                            ? `${ISSUER}:sub`
                            : "aws:RequestTag/kubernetes-service-account";
                    const equals = doc.Statement[0].Condition.StringEquals;
                    if (shape !== "scoped") {
                        delete equals[key];
                    }
                    if (shape === "wildcard") {
                        doc.Statement[0].Condition.StringLike = {
                            [key]: kind === "irsa" ? `system:serviceaccount:${namespace}:*` : "*",
                        };
                    }
                    assert.strictEqual(trustFindings(doc).length > 0, shape !== "scoped");
                },
            ),
            { numRuns: 60 },
        );
    });
});
