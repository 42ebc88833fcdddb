import * as assert from "assert";
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";

import { Datastore, DatastoreArgs, validateDatastoreArgs } from "../../../components/datastore";
import { disallowPublicDatabases } from "../../../policies/aws/disallowPublicDatabases";
import { requireElastiCacheEncryption } from "../../../policies/aws/requireElastiCacheEncryption";
import { requireKmsKeyRotation } from "../../../policies/aws/requireKmsKeyRotation";
import { requireRdsEncryption } from "../../../policies/aws/requireRdsEncryption";
import { isSecretValue } from "../../../tools/offline/secrets";
import { runResourcePolicy } from "../../helpers/policy";
import { freshRecorder, settle, typeNames, unwrap } from "../../helpers/pulumi";
import { iamDocument } from "../../helpers/views";

/** The recorded inputs of each resource type this file reads: its args, every Input resolved. */
interface RecordedInputs {
    "aws:ec2/securityGroup:SecurityGroup": pulumi.Unwrap<aws.ec2.SecurityGroupArgs>;
    "aws:elasticache/replicationGroup:ReplicationGroup": pulumi.Unwrap<aws.elasticache.ReplicationGroupArgs>;
    "aws:kms/key:Key": pulumi.Unwrap<aws.kms.KeyArgs>;
    "aws:rds/instance:Instance": pulumi.Unwrap<aws.rds.InstanceArgs>;
    "aws:rds/parameterGroup:ParameterGroup": pulumi.Unwrap<aws.rds.ParameterGroupArgs>;
    "aws:rds/subnetGroup:SubnetGroup": pulumi.Unwrap<aws.rds.SubnetGroupArgs>;
    "aws:secretsmanager/secret:Secret": pulumi.Unwrap<aws.secretsmanager.SecretArgs>;
    "aws:secretsmanager/secretRotation:SecretRotation": pulumi.Unwrap<aws.secretsmanager.SecretRotationArgs>;
    "aws:secretsmanager/secretVersion:SecretVersion": pulumi.Unwrap<aws.secretsmanager.SecretVersionArgs>;
    "random:index/randomPassword:RandomPassword": pulumi.Unwrap<random.RandomPasswordArgs>;
}

const PODS_SG = "sg-0pods000000000000";
const KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/inventory-data-key";

function args(overrides: Partial<DatastoreArgs> = {}): DatastoreArgs {
    return {
        service: "inventory",
        identifierPrefix: "supply-chain-production",
        secretsPathPrefix: "supply-chain/production",
        network: {
            vpcId: "vpc-0abc",
            privateSubnetIds: ["subnet-a", "subnet-b"],
            clientSecurityGroupId: PODS_SG,
        },
        postgres: { engineVersion: "17.7" },
        redis: { engineVersion: "7.1" },
        ...overrides,
    };
}

const pairs = (list: [string, string][]) =>
    typeNames(list.map(([type, name]) => ({ type, name }) as never));

async function create(a: DatastoreArgs = args()) {
    const rec = freshRecorder();
    const store = new Datastore("inventory-data", a);
    await settle();
    const inputs = <T extends keyof RecordedInputs>(type: T, name: string) =>
        rec.get(type, name).inputs as RecordedInputs[T];
    return { rec, store, inputs };
}

describe("Datastore", () => {
    it("creates exactly the stores' children, named from the component and parented to it", async () => {
        const { rec } = await create();
        assert.deepStrictEqual(
            typeNames(rec.resources),
            pairs([
                ["platform:data:Datastore", "inventory-data"],
                ["aws:kms/key:Key", "inventory-data-key"],
                ["aws:kms/alias:Alias", "inventory-data-key"],
                ["aws:rds/subnetGroup:SubnetGroup", "inventory-data-postgres-subnets"],
                ["aws:ec2/securityGroup:SecurityGroup", "inventory-data-postgres-sg"],
                ["aws:rds/parameterGroup:ParameterGroup", "inventory-data-postgres-params"],
                ["aws:rds/instance:Instance", "inventory-data-postgres"],
                [
                    "aws:secretsmanager/secretRotation:SecretRotation",
                    "inventory-data-postgres-rotation",
                ],
                ["random:index/randomPassword:RandomPassword", "inventory-data-postgres-app"],
                ["aws:secretsmanager/secret:Secret", "inventory-data-postgres-app"],
                ["aws:secretsmanager/secretVersion:SecretVersion", "inventory-data-postgres-app"],
                ["random:index/randomPassword:RandomPassword", "inventory-data-redis-auth"],
                ["aws:secretsmanager/secret:Secret", "inventory-data-redis-auth"],
                ["aws:secretsmanager/secretVersion:SecretVersion", "inventory-data-redis-auth"],
                ["aws:elasticache/subnetGroup:SubnetGroup", "inventory-data-redis-subnets"],
                ["aws:ec2/securityGroup:SecurityGroup", "inventory-data-redis-sg"],
                ["aws:elasticache/replicationGroup:ReplicationGroup", "inventory-data-redis"],
            ]),
        );
        const component = rec.get("platform:data:Datastore", "inventory-data");
        assert.ok(
            rec.resources.filter((r) => r !== component).every((r) => r.parent === component.urn),
        );
    });

    it("encrypts PostgreSQL with its own key, requires TLS, turns IAM auth on and lets RDS own the password", async () => {
        const { inputs } = await create();
        const db = inputs("aws:rds/instance:Instance", "inventory-data-postgres");
        const key = inputs("aws:kms/key:Key", "inventory-data-key");
        assert.strictEqual(key.enableKeyRotation, true);
        assert.strictEqual(db.storageEncrypted, true);
        assert.strictEqual(db.kmsKeyId, KEY_ARN);
        assert.strictEqual(db.masterUserSecretKmsKeyId, KEY_ARN);
        assert.strictEqual(db.performanceInsightsKmsKeyId, KEY_ARN);
        assert.strictEqual(db.manageMasterUserPassword, true);
        assert.strictEqual(db.password, undefined);
        assert.strictEqual(db.passwordWo, undefined);
        assert.strictEqual(db.iamDatabaseAuthenticationEnabled, true);
        assert.strictEqual(db.publiclyAccessible, false);
        assert.strictEqual(db.identifier, "supply-chain-production-inventory");
        assert.strictEqual(db.engineVersion, "17.7");
        assert.strictEqual(db.dbSubnetGroupName, "inventory-data-postgres-subnets");
        assert.deepStrictEqual(
            inputs("aws:rds/subnetGroup:SubnetGroup", "inventory-data-postgres-subnets").subnetIds,
            ["subnet-a", "subnet-b"],
        );
        const params = inputs(
            "aws:rds/parameterGroup:ParameterGroup",
            "inventory-data-postgres-params",
        );
        assert.strictEqual(params.family, "postgres17");
        assert.strictEqual(db.parameterGroupName, "inventory-data-postgres-params");
        assert.deepStrictEqual(
            params.parameters?.find((p) => p.name === "rds.force_ssl"),
            { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        );
        // Rotation is a deliberate step: running pods read the password from env.
        const rotation = inputs(
            "aws:secretsmanager/secretRotation:SecretRotation",
            "inventory-data-postgres-rotation",
        );
        assert.strictEqual(rotation.rotationEnabled, false);
        assert.match(rotation.secretId, /^arn:aws:secretsmanager:.*:secret:rds!db-/);
    });

    it("defaults to production-safe settings: Multi-AZ, deletion protection, final snapshot, 7 days, insights", async () => {
        const { inputs } = await create();
        const db = inputs("aws:rds/instance:Instance", "inventory-data-postgres");
        assert.deepStrictEqual(
            [db.multiAz, db.deletionProtection, db.skipFinalSnapshot, db.backupRetentionPeriod],
            [true, true, false, 7],
        );
        assert.strictEqual(db.finalSnapshotIdentifier, "supply-chain-production-inventory-final");
        assert.strictEqual(db.performanceInsightsEnabled, true);
        const redis = inputs(
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "inventory-data-redis",
        );
        assert.deepStrictEqual(
            [redis.numCacheClusters, redis.automaticFailoverEnabled, redis.multiAzEnabled],
            [2, true, true],
        );
    });

    it("encrypts Redis at rest and in transit, with a random AUTH token kept secret in Secrets Manager", async () => {
        const { inputs } = await create();
        const redis = inputs(
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "inventory-data-redis",
        );
        assert.strictEqual(redis.atRestEncryptionEnabled, true);
        assert.strictEqual(redis.kmsKeyId, KEY_ARN);
        assert.strictEqual(redis.transitEncryptionEnabled, true);
        assert.strictEqual(redis.transitEncryptionMode, "required");
        assert.ok(isSecretValue(redis.authToken), "authToken is a Pulumi secret");
        const token = inputs(
            "random:index/randomPassword:RandomPassword",
            "inventory-data-redis-auth",
        );
        assert.deepStrictEqual([token.length, token.special], [64, false]);
        const secret = inputs("aws:secretsmanager/secret:Secret", "inventory-data-redis-auth");
        assert.strictEqual(secret.name, "supply-chain/production/inventory/redis-auth");
        assert.strictEqual(secret.kmsKeyId, KEY_ARN);
        const version = inputs(
            "aws:secretsmanager/secretVersion:SecretVersion",
            "inventory-data-redis-auth",
        );
        assert.ok(
            isSecretValue(version.secretString),
            "the secret version's value is a Pulumi secret",
        );
    });

    it("admits each store's port from the cluster's pods only, and nothing else", async () => {
        const { inputs } = await create();
        for (const [store, port] of [
            ["postgres", 5432],
            ["redis", 6379],
        ] as const) {
            const sg = inputs("aws:ec2/securityGroup:SecurityGroup", `inventory-data-${store}-sg`);
            assert.strictEqual(sg.vpcId, "vpc-0abc");
            assert.deepStrictEqual(sg.ingress, [
                {
                    description: "EKS cluster security group (nodes and their pods)",
                    protocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    securityGroups: [PODS_SG],
                },
            ]);
            assert.deepStrictEqual(sg.egress, []);
        }
        const db = inputs("aws:rds/instance:Instance", "inventory-data-postgres");
        assert.deepStrictEqual(db.vpcSecurityGroupIds, ["inventory-data-postgres-sg-id"]);
        const redis = inputs(
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "inventory-data-redis",
        );
        assert.deepStrictEqual(redis.securityGroupIds, ["inventory-data-redis-sg-id"]);
    });

    it("passes the pack's data-store, KMS and public-database policies", async () => {
        const { rec } = await create();
        const checks: [ResourceValidationPolicy, string][] = [
            [requireRdsEncryption, "aws:rds/instance:Instance"],
            [requireElastiCacheEncryption, "aws:elasticache/replicationGroup:ReplicationGroup"],
            [disallowPublicDatabases, "aws:rds/instance:Instance"],
            [disallowPublicDatabases, "aws:ec2/securityGroup:SecurityGroup"],
            [requireKmsKeyRotation, "aws:kms/key:Key"],
        ];
        for (const [policy, type] of checks) {
            for (const r of rec.ofType(type)) {
                assert.deepStrictEqual(
                    await runResourcePolicy(policy, type, r.inputs),
                    [],
                    `${policy.name} on ${r.name}`,
                );
            }
        }
    });

    it("wires exactly its own secrets: URL templates, remote parts and a read policy on those ARNs", async () => {
        const { store } = await create();
        // The service reads its app role's secret, never RDS's master secret.
        const pgSecret =
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:supply-chain/production/inventory/postgres-app-AbCdEf";
        const redisSecret =
            "arn:aws:secretsmanager:us-west-2:123456789012:secret:supply-chain/production/inventory/redis-auth-AbCdEf";
        assert.deepStrictEqual(store.wiring.env, ["DATABASE_URL", "REDIS_URL"]);
        assert.deepStrictEqual(await unwrap(store.wiring.templates), {
            DATABASE_URL:
                "postgresql://{{ .pg_username | urlquery }}:{{ .pg_password | urlquery }}@supply-chain-production-inventory.c0ffee00example.us-west-2.rds.amazonaws.com:5432/inventory?sslmode=require",
            REDIS_URL:
                "rediss://:{{ .redis_auth_token | urlquery }}@master.supply-chain-production-inventory.abc123.usw2.cache.amazonaws.com:6379/0",
        });
        assert.deepStrictEqual(await unwrap(store.wiring.data), [
            { secretKey: "pg_username", remoteRef: { key: pgSecret, property: "username" } },
            { secretKey: "pg_password", remoteRef: { key: pgSecret, property: "password" } },
            { secretKey: "redis_auth_token", remoteRef: { key: redisSecret } },
        ]);
        const policy = iamDocument(await unwrap(store.wiring.policy));
        assert.deepStrictEqual(policy.Statement[0].Resource, [pgSecret, redisSecret]);
        assert.deepStrictEqual(policy.Statement[1], {
            Sid: "DecryptOwnStoreSecrets",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [KEY_ARN],
            Condition: {
                StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" },
            },
        });
        assert.deepStrictEqual(await unwrap(store.endpoints), {
            postgres:
                "supply-chain-production-inventory.c0ffee00example.us-west-2.rds.amazonaws.com:5432",
            redis: "master.supply-chain-production-inventory.abc123.usw2.cache.amazonaws.com:6379",
        });
    });

    it("hands its endpoints to the mesh as TCP hosts resolved by DNS, and creates no mesh object itself", async () => {
        const { rec, store } = await create();
        assert.strictEqual(store.wiring.egress, store.egress);
        assert.deepStrictEqual(
            await Promise.all(
                store.egress.map(async (h) => ({ ...h, host: await unwrap(h.host) })),
            ),
            [
                {
                    key: "inventory-postgres",
                    host: "supply-chain-production-inventory.c0ffee00example.us-west-2.rds.amazonaws.com",
                    port: 5432,
                    protocol: "TCP",
                },
                {
                    key: "inventory-redis",
                    host: "master.supply-chain-production-inventory.abc123.usw2.cache.amazonaws.com",
                    port: 6379,
                    protocol: "TCP",
                },
            ],
        );
        assert.deepStrictEqual(
            rec.resources.filter((r) => r.type.startsWith("kubernetes:")),
            [],
            "ServiceEntries come from MeshNamespacePolicy, once per host",
        );
    });

    it("builds only what is asked: PostgreSQL alone has no token, no cache and no Redis URL", async () => {
        const { rec, store } = await create(args({ redis: undefined }));
        // The only password is the PostgreSQL app role's.
        assert.deepStrictEqual(
            rec.ofType("random:index/randomPassword:RandomPassword").map((r) => r.name),
            ["inventory-data-postgres-app"],
        );
        assert.deepStrictEqual(rec.ofType("aws:elasticache/replicationGroup:ReplicationGroup"), []);
        assert.deepStrictEqual(store.wiring.env, ["DATABASE_URL"]);
    });

    it("follows staging settings when given: single-AZ, no protection, no final snapshot", async () => {
        const { inputs } = await create(
            args({
                protect: false,
                postgres: {
                    engineVersion: "16.11",
                    size: "small",
                    multiAz: false,
                    deletionProtection: false,
                    finalSnapshot: false,
                    backupRetentionDays: 1,
                    performanceInsights: false,
                },
                redis: { engineVersion: "7.1", size: "small", replicas: 0, multiAz: false },
            }),
        );
        const db = inputs("aws:rds/instance:Instance", "inventory-data-postgres");
        assert.deepStrictEqual(
            [db.instanceClass, db.multiAz, db.deletionProtection, db.skipFinalSnapshot],
            ["db.t4g.small", false, false, true],
        );
        assert.strictEqual(db.finalSnapshotIdentifier, undefined);
        assert.strictEqual(db.performanceInsightsKmsKeyId, undefined);
        assert.strictEqual(
            inputs("aws:rds/parameterGroup:ParameterGroup", "inventory-data-postgres-params")
                .family,
            "postgres16",
        );
        const redis = inputs(
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "inventory-data-redis",
        );
        assert.deepStrictEqual(
            [redis.nodeType, redis.numCacheClusters, redis.automaticFailoverEnabled],
            ["cache.t4g.small", 1, false],
        );
    });

    it("rejects args that cannot make a safe store, naming the arg", () => {
        assert.throws(
            () => validateDatastoreArgs(args({ postgres: undefined, redis: undefined })),
            {
                message:
                    "Datastore 'inventory': `postgres` or `redis` must be set (a Datastore with no store), got undefined",
            },
        );
        assert.throws(
            () =>
                validateDatastoreArgs(
                    args({ postgres: { engineVersion: "17.7", storageGiB: 10 } }),
                ),
            { message: "Datastore 'inventory': `postgres.storageGiB` must be >= 20, got 10" },
        );
        assert.throws(
            () => validateDatastoreArgs(args({ redis: { engineVersion: "7.1", replicas: 0 } })),
            {
                message:
                    "Datastore 'inventory': `redis.replicas` must be >= 1 when multiAz is true, got 0",
            },
        );
        assert.throws(
            () =>
                validateDatastoreArgs(
                    args({ postgres: { engineVersion: "17.7", databaseName: "user" } }),
                ),
            {
                message:
                    'Datastore \'inventory\': `postgres.databaseName` must not be a PostgreSQL reserved key word (RDS refuses them; e.g. "user_db" is allowed), got "user"',
            },
        );
    });

    it("names the database from the service, never with a word RDS refuses", async () => {
        const { inputs } = await create(args({ service: "order", redis: undefined }));
        assert.strictEqual(
            inputs("aws:rds/instance:Instance", "inventory-data-postgres").dbName,
            "order_db",
        );
    });
});
