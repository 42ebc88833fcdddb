import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack } from "../helpers/config";

const P = "supply-chain-platform";
const AT = `${P}:services.inventory.datastores`;

/** The `services.<name>.datastores` keys and the rules that need the environment. */
const cases: ConfigCase[] = [
    {
        name: "an engine version outside the supported list",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "postgres").engineVersion = "15.2"),
        message: `${AT}.postgres.engineVersion must be one of the supported versions 16.9, 16.10, 16.11, 17.5, 17.6, 17.7 (components/datastore/engines.ts), got "15.2"`,
    },
    {
        name: "a Redis version outside the supported list",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "redis").engineVersion = "6.0"),
        message: `${AT}.redis.engineVersion must be one of the supported versions 7.0, 7.1 (components/datastore/engines.ts), got "6.0"`,
    },
    {
        name: "storage below the engine minimum",
        mutate: (c) => (at(c, "services", "inventory", "datastores", "postgres").storageGiB = 10),
        message: `${AT}.postgres.storageGiB must be >= 20 (the RDS minimum for PostgreSQL on gp3), got 10`,
    },
    {
        name: "a storage autoscaling ceiling not above the storage",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "postgres").maxStorageGiB = 100),
        message: `${AT}.postgres.maxStorageGiB must be at least 10% above the allocated storage (storageGiB 100), so at least 110, to turn on storage autoscaling, got 100`,
    },
    {
        name: "a storage autoscaling ceiling less than 10% above the storage",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "postgres").maxStorageGiB = 109),
        message: `${AT}.postgres.maxStorageGiB must be at least 10% above the allocated storage (storageGiB 100), so at least 110, to turn on storage autoscaling, got 109`,
    },
    {
        name: "a ceiling under production's default storage",
        stack: "production",
        mutate: (c) => {
            const pg = at(c, "services", "inventory", "datastores", "postgres");
            delete pg.storageGiB;
            pg.maxStorageGiB = 54;
        },
        message: `${AT}.postgres.maxStorageGiB must be at least 10% above the allocated storage (storageGiB 50), so at least 55, to turn on storage autoscaling, got 54`,
    },
    {
        name: "a ceiling above the engine maximum",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "postgres").maxStorageGiB = 70000),
        message: `${AT}.postgres.maxStorageGiB must be <= 65536 (the RDS maximum for PostgreSQL on gp3), got 70000`,
    },
    {
        name: "an unknown size class",
        mutate: (c) => (at(c, "services", "inventory", "datastores", "postgres").size = "huge"),
        message: `${AT}.postgres.size must be one of "small", "medium", "large", "xlarge", got "huge"`,
    },
    {
        name: "a typo in a store key",
        mutate: (c) => (at(c, "services", "inventory", "datastores", "postgres").storage = 50),
        message: `${AT}.postgres.storage is not a known key (allowed: engineVersion, size, storageGiB, maxStorageGiB, databaseName, multiAz, deletionProtection, finalSnapshot, backupRetentionDays, performanceInsights), got a number (not shown)`,
    },
    {
        name: "a PostgreSQL reserved word as the database name",
        mutate: (c) =>
            (at(c, "services", "order", "datastores", "postgres").databaseName = "order"),
        message: `${P}:services.order.datastores.postgres.databaseName must not be a PostgreSQL reserved key word (RDS refuses them; e.g. "order_db" is allowed), got "order"`,
    },
    {
        name: "a database every RDS instance already has",
        mutate: (c) =>
            (at(c, "services", "order", "datastores", "postgres").databaseName = "postgres"),
        message: `${P}:services.order.datastores.postgres.databaseName must not be a database every RDS for PostgreSQL instance already has (postgres, template0, template1, rdsadmin), got "postgres"`,
    },
    {
        name: "a database name PostgreSQL would fold or refuse",
        mutate: (c) =>
            (at(c, "services", "order", "datastores", "postgres").databaseName = "Order-DB"),
        message: `${P}:services.order.datastores.postgres.databaseName must start with a lowercase letter and hold only a-z, 0-9 and _, got "Order-DB"`,
    },
    {
        name: "a store on a service without External Secrets",
        mutate: (c) => {
            at(c, "addons", "externalSecrets").enabled = false;
            delete at(c, "services", "payment").secrets;
            delete at(c, "services", "order").datastores;
            delete at(c, "services", "payment").datastores;
        },
        message: `${AT} must be unset while addons.externalSecrets.enabled is false (store credentials are delivered by External Secrets), got {"postgres":{"engineVersion":"17.7"},"redis":{"engineVersion":"7.1"}}\n${P}:addons.externalSecrets.enabled must be true while addons.monitoring.enabled is true (Grafana's admin password and the Alertmanager receivers come from Secrets Manager), got false`,
    },
    {
        name: "a hand-made DATABASE_URL next to the PostgreSQL store",
        mutate: (c) =>
            (at(c, "services", "inventory").secrets = { DATABASE_URL: { key: "database" } }),
        message: `${P}:services.inventory.secrets.DATABASE_URL must not be set: datastores.postgres provides DATABASE_URL, got {"key":"database"}`,
    },
    {
        name: "a plain REDIS_URL next to the Redis store",
        mutate: (c) => (at(c, "services", "inventory", "config").REDIS_URL = "redis://cache:6379"),
        message: `${P}:services.inventory.config.REDIS_URL must not be set: datastores.redis provides REDIS_URL, got "redis://cache:6379"`,
    },
    {
        name: "Multi-AZ Redis without a replica",
        mutate: (c) =>
            Object.assign(at(c, "services", "inventory", "datastores", "redis"), { multiAz: true }),
        message: `${AT}.redis.replicas must be >= 1 when multiAz is true (automatic failover needs a replica), got 0`,
    },
    {
        name: "a production database without Multi-AZ",
        stack: "production",
        mutate: (c) => (at(c, "services", "inventory", "datastores", "postgres").multiAz = false),
        message: `${AT}.postgres.multiAz must be true in production, got false`,
    },
    {
        name: "a production database without deletion protection",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "order", "datastores", "postgres").deletionProtection = false),
        message: `${P}:services.order.datastores.postgres.deletionProtection must be true in production, got false`,
    },
    {
        name: "a production database without a final snapshot",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "payment", "datastores", "postgres").finalSnapshot = false),
        message: `${P}:services.payment.datastores.postgres.finalSnapshot must be true in production, got false`,
    },
    {
        name: "production backups shorter than a week",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "postgres").backupRetentionDays = 3),
        message: `${AT}.postgres.backupRetentionDays must be >= 7 in production, got 3`,
    },
    {
        name: "a production cache in one zone",
        stack: "production",
        mutate: (c) => (at(c, "services", "inventory", "datastores", "redis").multiAz = false),
        message: `${AT}.redis.multiAz must be true in production, got false`,
    },
    {
        name: "production cache snapshots shorter than a week",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "inventory", "datastores", "redis").snapshotRetentionDays = 1),
        message: `${AT}.redis.snapshotRetentionDays must be >= 7 in production, got 1`,
    },
];

describe("config: datastores", () => {
    configCases(cases);

    it("gives staging small single-AZ stores with a day of backups and no final snapshot", () => {
        const c = parsePlatformConfig(rawStack("staging"));
        assert.deepStrictEqual(Object.keys(c.datastores).sort(), ["inventory", "order", "payment"]);
        assert.deepStrictEqual(c.datastores.inventory, {
            postgres: {
                engineVersion: "17.7",
                size: "small",
                storageGiB: 20,
                maxStorageGiB: undefined,
                databaseName: "inventory",
                multiAz: false,
                deletionProtection: false,
                finalSnapshot: false,
                backupRetentionDays: 1,
                performanceInsights: false,
            },
            redis: {
                engineVersion: "7.1",
                size: "small",
                replicas: 0,
                multiAz: false,
                snapshotRetentionDays: 0,
                finalSnapshot: false,
            },
        });
    });

    for (const stack of ["staging", "production"]) {
        it(`derives database names RDS accepts in ${stack}: order's store is order_db, not the reserved order`, () => {
            const c = parsePlatformConfig(rawStack(stack));
            assert.deepStrictEqual(
                Object.entries(c.datastores).map(([s, d]) => [s, d.postgres?.databaseName]),
                [
                    ["inventory", "inventory"],
                    ["order", "order_db"],
                    ["payment", "payment"],
                ],
            );
        });
    }

    it("gives production Multi-AZ, protected stores with a week of backups and Performance Insights", () => {
        const c = parsePlatformConfig(rawStack("production"));
        assert.deepStrictEqual(Object.keys(c.datastores).sort(), ["inventory", "order", "payment"]);
        for (const service of ["inventory", "order", "payment"]) {
            const pg = c.datastores[service].postgres!;
            assert.deepStrictEqual(
                [pg.multiAz, pg.deletionProtection, pg.finalSnapshot, pg.performanceInsights],
                [true, true, true, true],
                service,
            );
            assert.ok(pg.backupRetentionDays >= 7, service);
        }
        assert.deepStrictEqual(c.datastores.inventory.redis, {
            engineVersion: "7.1",
            size: "large",
            replicas: 1,
            multiAz: true,
            snapshotRetentionDays: 7,
            finalSnapshot: true,
        });
        assert.strictEqual(c.datastores.order.redis, undefined);
    });
});
