import * as assert from "assert";

import { disallowIamWildcardActions } from "../../../policies/aws/disallowIamWildcardActions";
import { requireKmsKeyRotation } from "../../../policies/aws/requireKmsKeyRotation";
import { requireControlPlaneLogging } from "../../../policies/eks/requireControlPlaneLogging";
import { requireSecretsEncryption } from "../../../policies/eks/requireSecretsEncryption";
import { restrictPublicEndpoint } from "../../../policies/eks/restrictPublicEndpoint";
import { at, listAt } from "../../helpers/edit";
import { policyCases, runResourcePolicy } from "../../helpers/policy";

const EKS = "eks:index:Cluster";
const AWS_EKS = "aws:eks/cluster:Cluster";
const ALL_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const eksComponent = () => ({
    name: "supply-chain-production",
    encryptionConfigKeyArn: "arn:aws:kms:us-west-2:1:key/k",
    enabledClusterLogTypes: [...ALL_LOGS],
    endpointPrivateAccess: true,
    endpointPublicAccess: false,
});
const awsCluster = () => ({
    encryptionConfig: {
        resources: ["secrets"],
        provider: { keyArn: "arn:aws:kms:us-west-2:1:key/k" },
    },
    enabledClusterLogTypes: [...ALL_LOGS],
    vpcConfig: {
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
    },
});

describe("eks-require-secrets-encryption", () => {
    policyCases(requireSecretsEncryption, EKS, eksComponent, [
        {
            name: "the component gets no key",
            mutate: (c) => delete c.encryptionConfigKeyArn,
            expected: [
                "EKS cluster 'test' has no encryptionConfigKeyArn; secrets would be stored without envelope encryption. Pass a KMS key ARN.",
            ],
        },
    ]);
    policyCases(requireSecretsEncryption, AWS_EKS, awsCluster, [
        {
            name: "the AWS cluster encrypts nothing",
            mutate: (c) => delete c.encryptionConfig,
            expected: [
                `EKS cluster 'test' encryptionConfig is "unset"; set resources: ["secrets"] and provider.keyArn.`,
            ],
        },
        {
            name: "the AWS cluster has no key",
            mutate: (c) => delete at(c, "encryptionConfig").provider,
            expected: [
                `EKS cluster 'test' encryptionConfig is {"resources":["secrets"]}; set resources: ["secrets"] and provider.keyArn.`,
            ],
        },
    ]);
});

describe("eks-require-control-plane-logging", () => {
    policyCases(requireControlPlaneLogging, EKS, eksComponent, [
        {
            name: "logging is off",
            mutate: (c) => delete c.enabledClusterLogTypes,
            expected: [
                "EKS cluster 'test' enabledClusterLogTypes is [], missing api, audit, authenticator, controllerManager, scheduler; enable them.",
            ],
        },
        {
            name: "scheduler logs are missing",
            mutate: (c) => listAt(c, "enabledClusterLogTypes").pop(),
            expected: [
                `EKS cluster 'test' enabledClusterLogTypes is ["api","audit","authenticator","controllerManager"], missing scheduler; enable them.`,
            ],
        },
    ]);

    it("accepts a configured subset", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(
                requireControlPlaneLogging,
                AWS_EKS,
                { enabledClusterLogTypes: ["audit"] },
                { requiredLogTypes: ["audit"] },
            ),
            [],
        );
    });
});

describe("eks-restrict-public-endpoint", () => {
    policyCases(restrictPublicEndpoint, EKS, eksComponent, [
        {
            name: "the public endpoint is left at its default (open)",
            mutate: (c) => delete c.endpointPublicAccess,
            expected: [
                `EKS cluster 'test' has a public endpoint open to the internet (publicAccessCidrs "unset (defaults to 0.0.0.0/0)"); list office/VPN CIDRs or turn it off.`,
            ],
        },
        {
            name: "the private endpoint is off",
            mutate: (c) => (c.endpointPrivateAccess = false),
            expected: [
                "EKS cluster 'test' endpointPrivateAccess is false; set it to true so nodes reach the API privately.",
            ],
        },
    ]);
    policyCases(restrictPublicEndpoint, AWS_EKS, awsCluster, [
        {
            name: "the AWS cluster allows 0.0.0.0/0",
            mutate: (c) => listAt(c, "vpcConfig", "publicAccessCidrs").push("0.0.0.0/0"),
            expected: [
                `EKS cluster 'test' has a public endpoint open to the internet (publicAccessCidrs ["203.0.113.0/24","0.0.0.0/0"]); list office/VPN CIDRs or turn it off.`,
            ],
        },
        {
            name: "the stack allows no public endpoint",
            config: { allowPublicEndpoint: false },
            mutate: () => undefined,
            expected: [
                "EKS cluster 'test' endpointPublicAccess is true; this stack allows no public endpoint, set it to false.",
            ],
        },
    ]);
});

describe("kms-require-key-rotation", () => {
    policyCases(requireKmsKeyRotation, "aws:kms/key:Key", () => ({ enableKeyRotation: true }), [
        {
            name: "rotation is unset",
            mutate: (k) => delete k.enableKeyRotation,
            expected: [`KMS key 'test' enableKeyRotation is "unset"; set it to true.`],
        },
        {
            name: "rotation is off",
            mutate: (k) => (k.enableKeyRotation = false),
            expected: ["KMS key 'test' enableKeyRotation is false; set it to true."],
        },
    ]);

    it("skips asymmetric keys, which cannot rotate", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(requireKmsKeyRotation, "aws:kms/key:Key", {
                keySpec: "RSA_2048",
            }),
            [],
        );
    });
});

describe("iam-disallow-wildcard-actions", () => {
    const doc = (statement: Record<string, unknown>) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    const rolePolicy = () => ({
        role: "r",
        policy: doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }),
    });
    policyCases(disallowIamWildcardActions, "aws:iam/rolePolicy:RolePolicy", rolePolicy, [
        {
            name: "an action is *",
            mutate: (p) => (p.policy = doc({ Effect: "Allow", Action: "*", Resource: "*" })),
            expected: [
                `IAM RolePolicy 'test' policy: Statement[0] allows action "*" (every action of every service); grant named actions only.`,
            ],
        },
        {
            name: "an action is service:*",
            mutate: (p) => (p.policy = doc({ Effect: "Allow", Action: ["s3:*"], Resource: "*" })),
            expected: [
                `IAM RolePolicy 'test' policy: Statement[0] allows action "s3:*" (every s3 action); grant named actions only.`,
            ],
        },
        {
            name: "Allow uses NotAction",
            mutate: (p) => (p.policy = doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })),
            expected: [
                `IAM RolePolicy 'test' policy: Statement[0] allows NotAction "iam:*" (everything else); grant named actions only.`,
            ],
        },
        {
            name: "an action escalates privileges (the config's rule, backed up)",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: ["iam:PassRole", "sts:AssumeRole", "iam:Attach*"],
                    Resource: "*",
                })),
            expected: [
                ["iam:PassRole", "iam:PassRole", "changes IAM identities, credentials or policies"],
                ["sts:AssumeRole", "sts:AssumeRole", "takes on another principal's permissions"],
                [
                    "iam:Attach*",
                    "iam:AttachRolePolicy",
                    "changes IAM identities, credentials or policies",
                ],
            ].map(
                ([a, match, why]) =>
                    `IAM RolePolicy 'test' policy: Statement[0] allows action "${a}", which can match privilege-escalation action ${match} (${why}); grant named actions only, or list it in allowedActions after review.`,
            ),
        },
        {
            name: "a resource covers every bucket or any account",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: ["arn:aws:s3:::*", "arn:aws:iam::*:role/*"],
                })),
            expected: [
                `IAM RolePolicy 'test' policy: Statement[0] allows resource "arn:aws:s3:::*" (every s3 resource); name the resources, or list it in allowedResources after review.`,
                `IAM RolePolicy 'test' policy: Statement[0] allows resource "arn:aws:iam::*:role/*" (resources in any account); name the resources, or list it in allowedResources after review.`,
            ],
        },
        {
            name: "one escalation action and one resource are allowed after review, others are not",
            config: { allowedActions: ["iam:PassRole"], allowedResources: ["arn:aws:s3:::*"] },
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: ["iam:PassRole", "iam:CreateRole"],
                    Resource: ["arn:aws:s3:::*", "arn:aws:sqs:us-west-2:111122223333:*"],
                })),
            expected: [
                `IAM RolePolicy 'test' policy: Statement[0] allows action "iam:CreateRole", which can match privilege-escalation action iam:CreateRole (changes IAM identities, credentials or policies); grant named actions only, or list it in allowedActions after review.`,
                `IAM RolePolicy 'test' policy: Statement[0] allows resource "arn:aws:sqs:us-west-2:111122223333:*" (every sqs resource); name the resources, or list it in allowedResources after review.`,
            ],
        },
        {
            name: "an allowed wildcard is configured but another is used",
            config: { allowedActions: ["s3:*"] },
            mutate: (p) => (p.policy = doc({ Effect: "Allow", Action: ["s3:*", "sqs:*"] })),
            expected: [
                `IAM RolePolicy 'test' policy: Statement[0] allows action "sqs:*" (every sqs action); grant named actions only.`,
            ],
        },
    ]);

    it("accepts a scoped S3 object path, Resource * alone and service-linked role creation", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(disallowIamWildcardActions, "aws:iam/policy:Policy", {
                policy: doc({
                    Effect: "Allow",
                    Action: [
                        "s3:GetObject",
                        "ec2:DescribeInstances",
                        "iam:CreateServiceLinkedRole",
                    ],
                    Resource: ["arn:aws:s3:::orders/*", "*"],
                }),
            }),
            [],
        );
    });

    it("ignores Deny statements and checks role inline policies", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(disallowIamWildcardActions, "aws:iam/policy:Policy", {
                policy: doc({ Effect: "Deny", Action: "*" }),
            }),
            [],
        );
        assert.deepStrictEqual(
            await runResourcePolicy(disallowIamWildcardActions, "aws:iam/role:Role", {
                inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", Action: "ec2:*" }) }],
            }),
            [
                `IAM Role 'test' inlinePolicies[0].policy: Statement[0] allows action "ec2:*" (every ec2 action); grant named actions only.`,
            ],
        );
    });
});
