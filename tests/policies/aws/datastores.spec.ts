import * as assert from "assert";

import { disallowPublicDatabases } from "../../../policies/aws/disallowPublicDatabases";
import { requireElastiCacheEncryption } from "../../../policies/aws/requireElastiCacheEncryption";
import { requireRdsEncryption } from "../../../policies/aws/requireRdsEncryption";
import { at, listAt } from "../../helpers/edit";
import { policyCases, runResourcePolicy, UNKNOWN } from "../../helpers/policy";

const RDS = "aws:rds/instance:Instance";
const AURORA = "aws:rds/cluster:Cluster";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const CACHE = "aws:elasticache/cluster:Cluster";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const KEY = "arn:aws:kms:us-west-2:123456789012:key/0a1b2c3d";

const rdsInstance = () => ({
    engine: "postgres",
    storageEncrypted: true,
    kmsKeyId: KEY,
    publiclyAccessible: false,
});
const replicationGroup = () => ({
    engine: "redis",
    atRestEncryptionEnabled: true,
    kmsKeyId: KEY,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
});
const storeSecurityGroup = () => ({
    vpcId: "vpc-0abc",
    ingress: [
        { protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-0c1a2b3c4d5e6f700"] },
    ],
    egress: [],
});

describe("aws-require-rds-encryption", () => {
    policyCases(requireRdsEncryption, RDS, rdsInstance, [
        {
            name: "storage is not encrypted",
            mutate: (r) => (r.storageEncrypted = false),
            expected: [
                "RDS instance 'test' storageEncrypted is false; set storageEncrypted: true with a customer managed kmsKeyId.",
            ],
        },
        {
            name: "encryption is left at its default (off)",
            mutate: (r) => delete r.storageEncrypted,
            expected: [
                `RDS instance 'test' storageEncrypted is "unset"; set storageEncrypted: true with a customer managed kmsKeyId.`,
            ],
        },
        {
            name: "the AWS managed key is used",
            mutate: (r) => delete r.kmsKeyId,
            expected: [
                "RDS instance 'test' has no kmsKeyId; its storage would use the AWS managed key. Pass a customer managed KMS key.",
            ],
        },
        {
            name: "the stack allows the AWS managed key but storage is unencrypted",
            mutate: (r) => Object.assign(r, { storageEncrypted: false, kmsKeyId: undefined }),
            config: { requireCustomerManagedKey: false },
            expected: [
                "RDS instance 'test' storageEncrypted is false; set storageEncrypted: true with a customer managed kmsKeyId.",
            ],
        },
    ]);
    policyCases(requireRdsEncryption, AURORA, rdsInstance, [
        {
            name: "an Aurora cluster is unencrypted",
            mutate: (r) => (r.storageEncrypted = false),
            expected: [
                "RDS cluster 'test' storageEncrypted is false; set storageEncrypted: true with a customer managed kmsKeyId.",
            ],
        },
    ]);

    it("accepts the AWS managed key when the stack allows it", async () => {
        const r: Record<string, unknown> = rdsInstance();
        delete r.kmsKeyId;
        assert.deepStrictEqual(
            await runResourcePolicy(requireRdsEncryption, RDS, r, {
                requireCustomerManagedKey: false,
            }),
            [],
        );
    });

    it("cannot decide during preview while the key is unknown", async () => {
        const result = await runResourcePolicy(requireRdsEncryption, RDS, {
            ...rdsInstance(),
            kmsKeyId: UNKNOWN,
        });
        assert.ok("unknown" in result, JSON.stringify(result));
    });
});

describe("aws-require-elasticache-encryption", () => {
    policyCases(requireElastiCacheEncryption, REDIS, replicationGroup, [
        {
            name: "nothing is encrypted",
            mutate: (g) => {
                delete g.atRestEncryptionEnabled;
                delete g.transitEncryptionEnabled;
                delete g.transitEncryptionMode;
            },
            expected: [
                `ElastiCache replication group 'test' atRestEncryptionEnabled is "unset"; set it to true.`,
                `ElastiCache replication group 'test' transitEncryptionEnabled is "unset"; set it to true with transitEncryptionMode: required.`,
            ],
        },
        {
            name: "only at rest is off",
            mutate: (g) => (g.atRestEncryptionEnabled = false),
            expected: [
                "ElastiCache replication group 'test' atRestEncryptionEnabled is false; set it to true.",
            ],
        },
        {
            name: "TLS is preferred, not required (plaintext clients still accepted)",
            mutate: (g) => (g.transitEncryptionMode = "preferred"),
            expected: [
                `ElastiCache replication group 'test' transitEncryptionMode is "preferred", which still accepts plaintext clients; set it to "required".`,
            ],
        },
    ]);
    policyCases(requireElastiCacheEncryption, CACHE, () => ({ replicationGroupId: "rg" }), [
        {
            name: "a stand-alone cache cluster cannot encrypt at rest",
            mutate: (c) => delete c.replicationGroupId,
            expected: [
                "ElastiCache cluster 'test' is not part of a replication group, so it cannot encrypt at rest; use an aws.elasticache.ReplicationGroup.",
            ],
        },
    ]);
});

describe("aws-disallow-public-databases", () => {
    policyCases(disallowPublicDatabases, RDS, rdsInstance, [
        {
            name: "the instance is publicly accessible",
            mutate: (r) => (r.publiclyAccessible = true),
            expected: [
                "RDS instance 'test' publiclyAccessible is true; set it to false (clients reach it inside the VPC).",
            ],
        },
    ]);
    policyCases(disallowPublicDatabases, SG, storeSecurityGroup, [
        {
            name: "a security group opens PostgreSQL to the internet",
            mutate: (g) =>
                listAt(g, "ingress").push({ ...at(g, "ingress", 0), cidrBlocks: ["0.0.0.0/0"] }),
            expected: [
                "Security group 'test' ingress[1] opens database port(s) 5432 to the internet; admit the clients' security group instead.",
            ],
        },
        {
            name: "all traffic is open over IPv6",
            mutate: (g) =>
                listAt(g, "ingress").push({
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    ipv6CidrBlocks: ["::/0"],
                }),
            expected: [
                "Security group 'test' ingress[1] opens database port(s) 1433, 1521, 3306, 5432, 6379, 9042, 11211, 27017 to the internet; admit the clients' security group instead.",
            ],
        },
    ]);
    policyCases(
        disallowPublicDatabases,
        SG_INGRESS,
        () => ({ ipProtocol: "tcp", fromPort: 6379, toPort: 6379, cidrIpv4: "10.10.0.0/16" }),
        [
            {
                name: "a standalone ingress rule opens Redis to the internet",
                mutate: (r) => (r.cidrIpv4 = "0.0.0.0/0"),
                expected: [
                    "Security group rule 'test' opens database port(s) 6379 to the internet; admit the clients' security group instead.",
                ],
            },
        ],
    );
    policyCases(
        disallowPublicDatabases,
        SG_RULE,
        () => ({
            type: "ingress",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
        }),
        [
            {
                name: "a port range covering MySQL is open to the internet",
                mutate: (r) => (r.toPort = 3306),
                expected: [
                    "Security group rule 'test' opens database port(s) 1433, 1521, 3306 to the internet; admit the clients' security group instead.",
                ],
            },
        ],
    );

    it("ignores egress rules and honours the stack's port list", async () => {
        const open = { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] };
        assert.deepStrictEqual(
            await runResourcePolicy(disallowPublicDatabases, SG_RULE, { ...open, type: "egress" }),
            [],
        );
        assert.deepStrictEqual(
            await runResourcePolicy(
                disallowPublicDatabases,
                SG,
                { ingress: [open] },
                { databasePorts: [3306] },
            ),
            [],
        );
    });
});
