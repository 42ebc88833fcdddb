/**
 * Schema of a service's `datastores` key (PostgreSQL on RDS, Redis on ElastiCache), the environment
 * defaults, and the production rules that need the environment to check.
 */
import { z } from "zod";

import {
    MAX_BACKUP_RETENTION_DAYS,
    POSTGRES_MAX_STORAGE_GIB,
    POSTGRES_MIN_STORAGE_GIB,
    POSTGRES_VERSIONS,
    PostgresVersion,
    REDIS_VERSIONS,
    RedisVersion,
    SIZE_CLASSES,
    SizeClass,
} from "../components/datastore/engines";
import {
    postgresDatabaseName,
    postgresDatabaseNameProblem,
} from "../components/datastore/postgres-names";
import { hasOwnKey } from "../lib/records";

const versionOf = <T extends string>(versions: readonly T[]) =>
    z.string().refine((v) => (versions as readonly string[]).includes(v), {
        message: `must be one of the supported versions ${versions.join(", ")} (components/datastore/engines.ts)`,
    });

const postgresSchema = z.strictObject({
    engineVersion: versionOf(Object.keys(POSTGRES_VERSIONS)),
    size: z.enum(SIZE_CLASSES).optional(),
    storageGiB: z.int().optional(),
    maxStorageGiB: z.int().optional(),
    // What RDS accepts as DBName for PostgreSQL: components/datastore/postgres-names.ts.
    databaseName: z
        .string()
        .superRefine((name, ctx) => {
            const problem = postgresDatabaseNameProblem(name);
            if (problem) {
                ctx.addIssue({ code: "custom", message: problem, input: name });
            }
        })
        .optional(),
    multiAz: z.boolean().optional(),
    deletionProtection: z.boolean().optional(),
    finalSnapshot: z.boolean().optional(),
    backupRetentionDays: z.int().min(1).max(MAX_BACKUP_RETENTION_DAYS).optional(),
    performanceInsights: z.boolean().optional(),
});

const redisSchema = z.strictObject({
    engineVersion: versionOf(Object.keys(REDIS_VERSIONS)),
    size: z.enum(SIZE_CLASSES).optional(),
    replicas: z.int().min(0).max(5).optional(),
    multiAz: z.boolean().optional(),
    snapshotRetentionDays: z.int().min(0).max(MAX_BACKUP_RETENTION_DAYS).optional(),
    finalSnapshot: z.boolean().optional(),
});

/** A service's `datastores` key. */
export const datastoresSchema = z
    .strictObject({ postgres: postgresSchema.optional(), redis: redisSchema.optional() })
    .superRefine((d, ctx) => {
        const pg = d.postgres;
        if (pg?.storageGiB !== undefined && pg.storageGiB < POSTGRES_MIN_STORAGE_GIB) {
            ctx.addIssue({
                code: "custom",
                path: ["postgres", "storageGiB"],
                message: `must be >= ${POSTGRES_MIN_STORAGE_GIB} (the RDS minimum for PostgreSQL on gp3)`,
                input: pg.storageGiB,
            });
        }
        if (pg?.storageGiB !== undefined && pg.storageGiB > POSTGRES_MAX_STORAGE_GIB) {
            ctx.addIssue({
                code: "custom",
                path: ["postgres", "storageGiB"],
                message: `must be <= ${POSTGRES_MAX_STORAGE_GIB} (the RDS maximum for PostgreSQL on gp3)`,
                input: pg.storageGiB,
            });
        }
    });

export type DatastoresConfig = z.output<typeof datastoresSchema>;

/** PostgreSQL settings with the environment's defaults applied. */
export interface ResolvedPostgres {
    readonly engineVersion: PostgresVersion;
    readonly size: SizeClass;
    readonly storageGiB: number;
    readonly maxStorageGiB?: number;
    readonly databaseName: string;
    readonly multiAz: boolean;
    readonly deletionProtection: boolean;
    readonly finalSnapshot: boolean;
    readonly backupRetentionDays: number;
    readonly performanceInsights: boolean;
}

/** Redis settings with the environment's defaults applied. */
export interface ResolvedRedis {
    readonly engineVersion: RedisVersion;
    readonly size: SizeClass;
    readonly replicas: number;
    readonly multiAz: boolean;
    readonly snapshotRetentionDays: number;
    readonly finalSnapshot: boolean;
}

/** A service's stores with defaults applied. */
export interface ResolvedDatastores {
    readonly postgres?: ResolvedPostgres;
    readonly redis?: ResolvedRedis;
}

/**
 * Applies the environment defaults: staging is small, single-AZ, with one day of backups and no final
 * snapshot; production is Multi-AZ with deletion protection, a final snapshot, 7 days of backups and
 * Performance Insights, and Redis gets a replica with automatic failover.
 */
export function resolveDatastores(
    service: string,
    d: DatastoresConfig,
    production: boolean,
): ResolvedDatastores {
    const pg = d.postgres;
    const redis = d.redis;
    return {
        postgres: pg && {
            engineVersion: pg.engineVersion as PostgresVersion,
            size: pg.size ?? (production ? "medium" : "small"),
            storageGiB: pg.storageGiB ?? (production ? 50 : POSTGRES_MIN_STORAGE_GIB),
            maxStorageGiB: pg.maxStorageGiB,
            databaseName: pg.databaseName ?? postgresDatabaseName(service),
            multiAz: pg.multiAz ?? production,
            deletionProtection: pg.deletionProtection ?? production,
            finalSnapshot: pg.finalSnapshot ?? production,
            backupRetentionDays: pg.backupRetentionDays ?? (production ? 7 : 1),
            performanceInsights: pg.performanceInsights ?? production,
        },
        redis: redis && {
            engineVersion: redis.engineVersion as RedisVersion,
            size: redis.size ?? (production ? "medium" : "small"),
            replicas: redis.replicas ?? (production ? 1 : 0),
            multiAz: redis.multiAz ?? production,
            snapshotRetentionDays: redis.snapshotRetentionDays ?? (production ? 7 : 0),
            finalSnapshot: redis.finalSnapshot ?? production,
        },
    };
}

/**
 * Rules that need the environment or other keys: stores need External Secrets (their credentials are
 * delivered through it); production stores are Multi-AZ, protected and backed up for 7 days or more;
 * Multi-AZ Redis needs a replica; env vars the stores provide are not also set by hand.
 */
export function checkDatastores(
    services: Record<
        string,
        {
            datastores?: DatastoresConfig;
            secrets: Record<string, unknown>;
            config: Record<string, string>;
        }
    >,
    externalSecrets: boolean,
    production: boolean,
    ctx: z.RefinementCtx,
): void {
    for (const [name, s] of Object.entries(services)) {
        if (!s.datastores) {
            continue;
        }
        const at = (...path: (string | number)[]) => ["services", name, "datastores", ...path];
        const issue = (path: (string | number)[], message: string, input: unknown) =>
            ctx.addIssue({ code: "custom", path, message, input });
        if (!externalSecrets) {
            issue(
                at(),
                "must be unset while addons.externalSecrets.enabled is false (store credentials are delivered by External Secrets)",
                s.datastores,
            );
        }
        const d = resolveDatastores(name, s.datastores, production);
        // RDS takes a maximum storage threshold at least 10% above the allocated storage ("Invalid
        // max storage size" otherwise) and no larger than the engine's maximum (RDS User Guide,
        // "Managing capacity automatically with Amazon RDS storage autoscaling"). The allocated
        // storage is the resolved one: its default depends on the environment.
        const pg = d.postgres;
        const leastMax = pg ? Math.ceil((pg.storageGiB * 11) / 10) : 0;
        if (pg?.maxStorageGiB !== undefined && pg.maxStorageGiB < leastMax) {
            issue(
                at("postgres", "maxStorageGiB"),
                `must be at least 10% above the allocated storage (storageGiB ${pg.storageGiB}), so at least ${leastMax}, to turn on storage autoscaling`,
                pg.maxStorageGiB,
            );
        } else if (pg?.maxStorageGiB !== undefined && pg.maxStorageGiB > POSTGRES_MAX_STORAGE_GIB) {
            issue(
                at("postgres", "maxStorageGiB"),
                `must be <= ${POSTGRES_MAX_STORAGE_GIB} (the RDS maximum for PostgreSQL on gp3)`,
                pg.maxStorageGiB,
            );
        }
        for (const [env, store] of [
            ["DATABASE_URL", "postgres"],
            ["REDIS_URL", "redis"],
        ] as const) {
            if (!d[store]) {
                continue;
            }
            for (const key of ["secrets", "config"] as const) {
                if (hasOwnKey(s[key], env)) {
                    issue(
                        ["services", name, key, env],
                        `must not be set: datastores.${store} provides ${env}`,
                        s[key][env],
                    );
                }
            }
        }
        if (d.redis?.multiAz && d.redis.replicas < 1) {
            issue(
                at("redis", "replicas"),
                "must be >= 1 when multiAz is true (automatic failover needs a replica)",
                d.redis.replicas,
            );
        }
        if (!production) {
            continue;
        }
        const prod = (store: "postgres" | "redis", key: string, ok: boolean, value: unknown) => {
            if (!ok) {
                issue(at(store, key), "must be true in production", value);
            }
        };
        if (d.postgres) {
            prod("postgres", "multiAz", d.postgres.multiAz, d.postgres.multiAz);
            prod("postgres", "deletionProtection", d.postgres.deletionProtection, false);
            prod("postgres", "finalSnapshot", d.postgres.finalSnapshot, false);
            if (d.postgres.backupRetentionDays < 7) {
                issue(
                    at("postgres", "backupRetentionDays"),
                    "must be >= 7 in production",
                    d.postgres.backupRetentionDays,
                );
            }
        }
        if (d.redis) {
            prod("redis", "multiAz", d.redis.multiAz, false);
            if (d.redis.snapshotRetentionDays < 7) {
                issue(
                    at("redis", "snapshotRetentionDays"),
                    "must be >= 7 in production",
                    d.redis.snapshotRetentionDays,
                );
            }
        }
    }
}
