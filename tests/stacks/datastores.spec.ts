/**
 * Data stores in both stacks: the real program under mocks with each committed stack file. The seed's
 * inventory owns PostgreSQL and Redis, order and payment own PostgreSQL; their URLs reach the pods only
 * through External Secrets, their secrets only through the owning service's role.
 */
import * as assert from "assert";

import { evaluatedStack } from "../helpers/stack-evaluation";
import { stringify } from "yaml";

import { field } from "../../lib/kubernetes";
import { FAKE_EKS_CLUSTER_SG } from "../../tools/offline/fakes";
import { Evaluation } from "../../tools/offline/evaluate";
import { RecordedResource } from "../../tools/offline/mocks";
import { collectManifests } from "../../tools/offline/render";
import { isSecretValue, redactSecrets } from "../../tools/offline/secrets";
import { objectOf, objectsOf, viewOf } from "../helpers/views";
import { DATABASES, STORES } from "../helpers/datastore-stacks";

const evaluate = evaluatedStack;

/** Recorded inputs of the AWS resources these tests read: the fields read, as the provider names. */
interface AwsInputs {
    "aws:rds/instance:Instance": {
        identifier: string;
        dbName: string;
        username: string;
        instanceClass: string;
        multiAz: boolean;
        deletionProtection: boolean;
        skipFinalSnapshot: boolean;
        performanceInsightsEnabled: boolean;
        backupRetentionPeriod: number;
        storageEncrypted: boolean;
        kmsKeyId: string;
        masterUserSecretKmsKeyId: string;
        manageMasterUserPassword: boolean;
        password?: unknown;
        iamDatabaseAuthenticationEnabled: boolean;
    };
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        numCacheClusters: number;
        automaticFailoverEnabled: boolean;
        multiAzEnabled: boolean;
        atRestEncryptionEnabled: boolean;
        transitEncryptionEnabled: boolean;
        transitEncryptionMode: string;
        authToken: unknown;
    };
    "aws:rds/parameterGroup:ParameterGroup": { parameters: { name: string; value: string }[] };
    "aws:secretsmanager/secretVersion:SecretVersion": { secretString: unknown };
    "aws:ec2/securityGroup:SecurityGroup": {
        ingress: { securityGroups?: string[]; cidrBlocks?: string[] }[];
        egress: unknown[];
    };
    "aws:rds/subnetGroup:SubnetGroup": { subnetIds: string[] };
    "aws:iam/rolePolicy:RolePolicy": { policy: string };
}

/** The recorded inputs of the AWS resource `type`/`name`, viewed with the fields these tests read. */
const inputsOf = <T extends keyof AwsInputs>(e: Evaluation, type: T, name: string) =>
    e.recorder.get(type, name).inputs as unknown as AwsInputs[T];

/**
 * The pod spec of the object that runs a service's pods: its Rollout when the stack releases it with
 * `delivery` (inventory: tests/stacks/delivery.spec.ts), else its Deployment. Exactly one of them
 * exists.
 */
function podSpecOf(e: Evaluation, service: string) {
    const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
    const ROLLOUT = "kubernetes:argoproj.io/v1alpha1:Rollout";
    const found = e.recorder.resources.filter(
        (r) =>
            (r.type === DEPLOYMENT && r.name === service) ||
            (r.type === ROLLOUT && r.name === `${service}-rollout`),
    );
    assert.strictEqual(found.length, 1, `${service} runs exactly one Deployment or Rollout`);
    return found[0].type === DEPLOYMENT
        ? viewOf(found[0], DEPLOYMENT).spec.template.spec
        : viewOf(found[0], ROLLOUT).spec.template!.spec!;
}

/** Every string anywhere inside a value (for leak checks). */
function strings(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).flatMap(strings);
    }
    return [];
}

for (const stack of ["staging", "production"]) {
    const production = stack === "production";
    describe(`stack ${stack}: data stores`, function () {
        this.timeout(120_000);

        it("gives inventory PostgreSQL and Redis, and order and payment PostgreSQL", async () => {
            const e = await evaluate(stack);
            const names = (type: string) =>
                e.recorder
                    .ofType(type)
                    .map((r) => r.name)
                    .sort();
            assert.deepStrictEqual(names("platform:data:Datastore"), [
                "inventory-data",
                "order-data",
                "payment-data",
            ]);
            assert.deepStrictEqual(names("aws:rds/instance:Instance"), [
                "inventory-data-postgres",
                "order-data-postgres",
                "payment-data-postgres",
            ]);
            assert.deepStrictEqual(names("aws:elasticache/replicationGroup:ReplicationGroup"), [
                "inventory-data-redis",
            ]);
            assert.deepStrictEqual(Object.keys(e.outputs.datastoreEndpoints as object).sort(), [
                "inventory",
                "order",
                "payment",
            ]);
            const inventory = (
                e.outputs.datastoreEndpoints as Record<string, Record<string, string>>
            ).inventory;
            assert.match(
                inventory.postgres,
                /^supply-chain-\w+-inventory\..*\.rds\.amazonaws\.com:5432$/,
            );
            assert.match(inventory.redis, /\.cache\.amazonaws\.com:6379$/);
        });

        it("names each database and master user so RDS accepts them (order's store is order_db)", async () => {
            const e = await evaluate(stack);
            assert.deepStrictEqual(
                Object.keys(STORES).map((service) => {
                    const db = inputsOf(e, "aws:rds/instance:Instance", `${service}-data-postgres`);
                    return [service, db.dbName, db.username];
                }),
                Object.entries(DATABASES).map(([service, db]) => [service, db, "app_owner"]),
            );
        });

        it(`applies ${stack} settings: ${production ? "Multi-AZ, protected, a week of backups" : "single-AZ, small, one day of backups"}`, async () => {
            const e = await evaluate(stack);
            for (const service of Object.keys(STORES)) {
                const db = inputsOf(e, "aws:rds/instance:Instance", `${service}-data-postgres`);
                assert.deepStrictEqual(
                    [
                        db.multiAz,
                        db.deletionProtection,
                        db.skipFinalSnapshot,
                        db.performanceInsightsEnabled,
                    ],
                    [production, production, !production, production],
                    service,
                );
                assert.strictEqual(db.backupRetentionPeriod, production ? 7 : 1, service);
                assert.strictEqual(db.instanceClass, production ? "db.m6g.large" : "db.t4g.small");
                assert.strictEqual(
                    e.recorder.get("aws:rds/instance:Instance", `${service}-data-postgres`).protect,
                    production,
                );
            }
            const redis = inputsOf(
                e,
                "aws:elasticache/replicationGroup:ReplicationGroup",
                "inventory-data-redis",
            );
            assert.deepStrictEqual(
                [redis.numCacheClusters, redis.automaticFailoverEnabled, redis.multiAzEnabled],
                production ? [2, true, true] : [1, false, false],
            );
        });

        it("encrypts every store with its service's key, requires TLS and keeps credentials managed or random", async () => {
            const e = await evaluate(stack);
            for (const service of Object.keys(STORES)) {
                const key = e.recorder.get("aws:kms/key:Key", `${service}-data-key`);
                const db = inputsOf(e, "aws:rds/instance:Instance", `${service}-data-postgres`);
                const keyArn = `arn:aws:kms:us-west-2:123456789012:key/${service}-data-key`;
                assert.strictEqual(key.protect, production);
                assert.deepStrictEqual(
                    [db.storageEncrypted, db.kmsKeyId, db.masterUserSecretKmsKeyId],
                    [true, keyArn, keyArn],
                );
                assert.deepStrictEqual(
                    [db.manageMasterUserPassword, db.password],
                    [true, undefined],
                );
                assert.strictEqual(db.iamDatabaseAuthenticationEnabled, true);
                const params = inputsOf(
                    e,
                    "aws:rds/parameterGroup:ParameterGroup",
                    `${service}-data-postgres-params`,
                );
                assert.ok(
                    params.parameters.some((p) => p.name === "rds.force_ssl" && p.value === "1"),
                );
            }
            const redis = inputsOf(
                e,
                "aws:elasticache/replicationGroup:ReplicationGroup",
                "inventory-data-redis",
            );
            assert.deepStrictEqual(
                [
                    redis.atRestEncryptionEnabled,
                    redis.transitEncryptionEnabled,
                    redis.transitEncryptionMode,
                ],
                [true, true, "required"],
            );
            assert.ok(isSecretValue(redis.authToken));
            assert.ok(
                isSecretValue(
                    inputsOf(
                        e,
                        "aws:secretsmanager/secretVersion:SecretVersion",
                        "inventory-data-redis-auth",
                    ).secretString,
                ),
            );
        });

        it("admits each store's port from the EKS cluster security group only, in the private subnets", async () => {
            const e = await evaluate(stack);
            for (const [service, stores] of Object.entries(STORES)) {
                for (const store of stores) {
                    const sg = inputsOf(
                        e,
                        "aws:ec2/securityGroup:SecurityGroup",
                        `${service}-data-${store}-sg`,
                    );
                    assert.deepStrictEqual(
                        sg.ingress.map((r) => [r.securityGroups, r.cidrBlocks]),
                        [[[FAKE_EKS_CLUSTER_SG], undefined]],
                    );
                    assert.deepStrictEqual(sg.egress, []);
                }
                const subnets = inputsOf(
                    e,
                    "aws:rds/subnetGroup:SubnetGroup",
                    `${service}-data-postgres-subnets`,
                );
                const privateSubnets = e.recorder
                    .ofType("aws:ec2/subnet:Subnet")
                    .filter((s) => /private/.test(s.name))
                    .map((s) => `${s.name}-id`);
                assert.deepStrictEqual(subnets.subnetIds, privateSubnets);
            }
        });

        it("delivers DATABASE_URL / REDIS_URL through the service's ExternalSecret, replacing the hand-made ones", async () => {
            const e = await evaluate(stack);
            for (const [service, stores] of Object.entries(STORES)) {
                const es = objectOf(
                    e.recorder,
                    "kubernetes:external-secrets.io/v1:ExternalSecret",
                    `${service}-datastore-secrets`,
                );
                const env = stores.map((s) => (s === "postgres" ? "DATABASE_URL" : "REDIS_URL"));
                const template = es.spec!.target!.template!;
                assert.deepStrictEqual(es.spec!.secretStoreRef, {
                    name: `${service}-secrets`,
                    kind: "SecretStore",
                });
                assert.deepStrictEqual(Object.keys(template.data!), env);
                assert.strictEqual(template.mergePolicy, "Replace");
                const db = e.recorder.get("aws:rds/instance:Instance", `${service}-data-postgres`);
                const rdsSecret = inputsOf(
                    e,
                    "aws:rds/instance:Instance",
                    `${service}-data-postgres`,
                ).identifier;
                assert.match(
                    template.data!.DATABASE_URL,
                    new RegExp(
                        `^postgresql://\\{\\{ \\.pg_username \\| urlquery \\}\\}:\\{\\{ \\.pg_password \\| urlquery \\}\\}@${rdsSecret}\\..*:5432/${DATABASES[service]}\\?sslmode=require$`,
                    ),
                );
                const container = podSpecOf(e, service).containers[0];
                for (const name of env) {
                    assert.deepStrictEqual(
                        container.env!.filter((v) => v.name === name),
                        [
                            {
                                name,
                                valueFrom: {
                                    secretKeyRef: { name: `${service}-datastores`, key: name },
                                },
                            },
                        ],
                    );
                }
                const config = e.recorder.resources.find(
                    (r) =>
                        r.type === "kubernetes:core/v1:ConfigMap" && r.name === `${service}-config`,
                );
                assert.strictEqual(field(config?.inputs, "data", "REDIS_URL"), undefined);
                // The ExternalSecret waits for the store's credentials to exist.
                const deps = e.recorder.get(
                    "kubernetes:external-secrets.io/v1:ExternalSecret",
                    `${service}-datastore-secrets`,
                ).dependencies;
                assert.ok(
                    deps.includes(db.urn),
                    `${service} ExternalSecret waits for its database`,
                );
            }
        });

        it("lets each service's role read only its own stores' secrets and key", async () => {
            const e = await evaluate(stack);
            const arnsOf = (service: string) =>
                strings(
                    objectOf(
                        e.recorder,
                        "kubernetes:external-secrets.io/v1:ExternalSecret",
                        `${service}-datastore-secrets`,
                    ).spec!.data,
                ).filter((s) => s.startsWith("arn:"));
            for (const service of Object.keys(STORES)) {
                const policy = JSON.parse(
                    inputsOf(e, "aws:iam/rolePolicy:RolePolicy", `${service}-irsa-datastores`)
                        .policy,
                ) as { Statement: { Resource: string[] }[] };
                const own = [...new Set(arnsOf(service))];
                assert.deepStrictEqual(policy.Statement[0].Resource, own);
                assert.deepStrictEqual(policy.Statement[1].Resource, [
                    `arn:aws:kms:us-west-2:123456789012:key/${service}-data-key`,
                ]);
                for (const other of Object.keys(STORES).filter((s) => s !== service)) {
                    for (const arn of arnsOf(other)) {
                        assert.ok(
                            !policy.Statement[0].Resource.includes(arn),
                            `${service} cannot read ${arn}`,
                        );
                    }
                }
            }
            assert.deepStrictEqual(
                e.recorder.resources
                    .filter((r) => /-irsa-datastores$/.test(r.name))
                    .map((r) => r.name)
                    .sort(),
                ["inventory-irsa-datastores", "order-irsa-datastores", "payment-irsa-datastores"],
            );
        });

        it("opens mesh egress to each store endpoint once, as TCP to that endpoint only, for its own service only", async () => {
            const e = await evaluate(stack);
            const entries = objectsOf(e.recorder, "kubernetes:networking.istio.io/v1:ServiceEntry");
            const sidecars = objectsOf(e.recorder, "kubernetes:networking.istio.io/v1:Sidecar");
            const endpoints = e.outputs.datastoreEndpoints as Record<
                string,
                Record<string, string>
            >;
            for (const [service, stores] of Object.entries(STORES)) {
                for (const store of stores) {
                    const [host, port] = endpoints[service][store].split(":");
                    const mine = entries.filter((se) => se.object.spec!.hosts.includes(host));
                    assert.deepStrictEqual(
                        mine.map((se) => [se.name, se.object.metadata]),
                        [
                            [
                                `apps-mesh-egress-${service}-${store}`,
                                {
                                    name: `egress-${service}-${store}`,
                                    namespace: "supply-chain",
                                    labels: {
                                        "app.kubernetes.io/part-of": "supply-chain-platform",
                                        "app.kubernetes.io/managed-by": "pulumi",
                                    },
                                },
                            ],
                        ],
                        `exactly one ServiceEntry for ${service}'s ${store}`,
                    );
                    assert.deepStrictEqual(mine[0].object.spec, {
                        hosts: [host],
                        exportTo: ["."],
                        location: "MESH_EXTERNAL",
                        ports: [{ number: Number(port), name: `tcp-${port}`, protocol: "TCP" }],
                        resolution: "DNS",
                    });
                    // Only the owner's Sidecar imports the endpoint (and its role Job's, for PostgreSQL).
                    assert.deepStrictEqual(
                        sidecars
                            .filter((sc) => sc.object.spec!.egress![0].hosts.includes(`./${host}`))
                            .map((sc) => sc.object.metadata!.name)
                            .sort(),
                        store === "postgres" ? [service, `${service}-db-init`] : [service],
                    );
                }
            }
        });

        it("puts no password or token in the preview JSON, the rendered manifests or the outputs", async () => {
            const e = await evaluate(stack);
            const token = (resources: readonly RecordedResource[]) =>
                strings(resources.map((r) => r.inputs)).find((s) => s.startsWith("FAKEpw"));
            // The token is there before redaction (so this test can fail) ...
            assert.ok(token(e.recorder.resources), "the fake AUTH token flows through the program");
            const leaks = (text: string) => text.includes("FAKEpw") || /"password"\s*:/.test(text);
            // ... and nowhere in what the preview prints or writes.
            const previewJson = JSON.stringify(
                e.recorder.resources.map((r) => ({ urn: r.urn, inputs: redactSecrets(r.inputs) })),
            );
            assert.ok(!leaks(previewJson), "preview JSON");
            const manifests = collectManifests(e.recorder.resources)
                .map((m) => stringify(m.object))
                .join("\n---\n");
            assert.ok(!manifests.includes("FAKEpw"), "rendered manifests");
            assert.ok(!leaks(JSON.stringify(e.outputs.datastoreEndpoints)), "outputs");
            for (const r of e.recorder.ofType("aws:rds/instance:Instance")) {
                assert.deepStrictEqual(
                    [r.inputs.password, r.inputs.passwordWo],
                    [undefined, undefined],
                );
            }
        });
    });
}
