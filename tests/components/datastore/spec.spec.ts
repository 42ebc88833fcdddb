import * as assert from "assert";

import {
    buildStoreExternalSecret,
    connectionTemplates,
    POSTGRES_SIZES,
    POSTGRES_VERSIONS,
    REDIS_SIZES,
    remoteRefs,
    storeIdentifier,
    storeReadPolicy,
} from "../../../components/datastore";

describe("Datastore builders", () => {
    it("names stores <prefix>-<service>, shortened with a stable hash past the engine's limit", () => {
        assert.strictEqual(
            storeIdentifier("supply-chain-production", "inventory", 40),
            "supply-chain-production-inventory",
        );
        const long = storeIdentifier("supply-chain-production", "ml-feature-store-cache", 40);
        assert.strictEqual(long.length, 40);
        assert.match(long, /^supply-chain-production-ml-featur-[0-9a-f]{6}$/);
        assert.strictEqual(
            long,
            storeIdentifier("supply-chain-production", "ml-feature-store-cache", 40),
        );
        assert.notStrictEqual(
            long,
            storeIdentifier("supply-chain-production", "ml-feature-store-cachf", 40),
        );
    });

    it("builds TLS connection URLs whose secret parts are filled in by External Secrets only", () => {
        const t = connectionTemplates({
            postgres: {
                host: "db.example",
                port: 5432,
                secretArn: "arn:pg",
                database: "inventory",
            },
            redis: { host: "cache.example", port: 6379, secretArn: "arn:redis" },
        });
        assert.deepStrictEqual(t, {
            DATABASE_URL:
                "postgresql://{{ .pg_username | urlquery }}:{{ .pg_password | urlquery }}@db.example:5432/inventory?sslmode=require",
            REDIS_URL: "rediss://:{{ .redis_auth_token | urlquery }}@cache.example:6379/0",
        });
        assert.deepStrictEqual(remoteRefs({ redis: { secretArn: "arn:redis" } }), [
            { secretKey: "redis_auth_token", remoteRef: { key: "arn:redis" } },
        ]);
    });

    it("grants read on the exact secret ARNs and decrypt only through Secrets Manager", () => {
        const doc = JSON.parse(storeReadPolicy(["arn:a", "arn:b"], "arn:key", "eu-west-1"));
        assert.deepStrictEqual(doc.Statement[0].Resource, ["arn:a", "arn:b"]);
        assert.deepStrictEqual(doc.Statement[0].Action, [
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
        ]);
        assert.deepStrictEqual(doc.Statement[1].Condition, {
            StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
        });
    });

    it("renders only the URLs into the Kubernetes Secret (mergePolicy Replace)", () => {
        const es = buildStoreExternalSecret({
            service: "order",
            namespace: "supply-chain",
            labels: { app: "order" },
            secretStore: "order-secrets",
            templates: { DATABASE_URL: "postgresql://..." },
            data: remoteRefs({ postgres: { secretArn: "arn:pg" } }),
        });
        assert.deepStrictEqual(es.spec.target, {
            name: "order-datastores",
            creationPolicy: "Owner",
            template: {
                engineVersion: "v2",
                mergePolicy: "Replace",
                type: "Opaque",
                data: { DATABASE_URL: "postgresql://..." },
            },
        });
        assert.deepStrictEqual(es.spec.secretStoreRef, {
            name: "order-secrets",
            kind: "SecretStore",
        });
    });

    it("keeps the catalog consistent: families match majors, sizes grow", () => {
        for (const [version, family] of Object.entries(POSTGRES_VERSIONS)) {
            assert.strictEqual(family, `postgres${version.split(".")[0]}`);
        }
        for (const table of [POSTGRES_SIZES, REDIS_SIZES]) {
            const memory = Object.values(table).map((c) => c.memoryGiB);
            assert.deepStrictEqual(
                memory,
                [...memory].sort((a, b) => a - b),
            );
        }
    });
});
