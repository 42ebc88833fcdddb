/**
 * The engine versions, size classes and limits the platform supports for per-service data stores.
 * Maintained by hand: a version is listed only when AWS still lets you create new instances on it.
 *
 * Sources (refresh the lists from these before adding a version):
 * - PostgreSQL: `aws rds describe-db-engine-versions --engine postgres --query "DBEngineVersions[].EngineVersion"`
 *   and https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-versions.html.
 *   AWS's deprecation notice of 2026 stopped new instances on 16.5-16.8 and 17.1-17.4 from 1 May 2026
 *   (automatic upgrades to 16.11 / 17.7), so the list starts above those.
 * - Redis OSS on ElastiCache: `aws elasticache describe-cache-engine-versions --engine redis` and
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html.
 * - Storage: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html (gp3 for
 *   PostgreSQL: 20 GiB to 64 TiB).
 * - Prices are not kept here: the offline cost estimate has its own price table
 *   (tools/offline/prices.ts), so a price change never touches a component.
 */

/** PostgreSQL versions new RDS instances can be created on, with their parameter group family. */
export const POSTGRES_VERSIONS = {
    "16.9": "postgres16",
    "16.10": "postgres16",
    "16.11": "postgres16",
    "17.5": "postgres17",
    "17.6": "postgres17",
    "17.7": "postgres17",
} as const;

/** Redis OSS versions for ElastiCache replication groups, with their parameter group family. */
export const REDIS_VERSIONS = {
    "7.0": "redis7",
    "7.1": "redis7",
} as const;

export type PostgresVersion = keyof typeof POSTGRES_VERSIONS;
export type RedisVersion = keyof typeof REDIS_VERSIONS;

/** Size classes a service can ask for; each engine maps them to an instance class. */
export const SIZE_CLASSES = ["small", "medium", "large", "xlarge"] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** An instance class with what it offers (one node). */
export interface InstanceClass {
    readonly instanceClass: string;
    readonly vcpu: number;
    readonly memoryGiB: number;
}

/** RDS instance classes per size class (Graviton: the cheapest per vCPU for PostgreSQL). */
export const POSTGRES_SIZES: Readonly<Record<SizeClass, InstanceClass>> = {
    small: { instanceClass: "db.t4g.small", vcpu: 2, memoryGiB: 2 },
    medium: { instanceClass: "db.t4g.medium", vcpu: 2, memoryGiB: 4 },
    large: { instanceClass: "db.m6g.large", vcpu: 2, memoryGiB: 8 },
    xlarge: { instanceClass: "db.r6g.xlarge", vcpu: 4, memoryGiB: 32 },
};

/** ElastiCache node types per size class. */
export const REDIS_SIZES: Readonly<Record<SizeClass, InstanceClass>> = {
    small: { instanceClass: "cache.t4g.small", vcpu: 2, memoryGiB: 1.37 },
    medium: { instanceClass: "cache.t4g.medium", vcpu: 2, memoryGiB: 3.09 },
    large: { instanceClass: "cache.m6g.large", vcpu: 2, memoryGiB: 6.38 },
    xlarge: { instanceClass: "cache.r6g.xlarge", vcpu: 4, memoryGiB: 26.32 },
};

/** Smallest gp3 volume RDS for PostgreSQL accepts, GiB. */
export const POSTGRES_MIN_STORAGE_GIB = 20;
/** Largest gp3 volume RDS for PostgreSQL accepts, GiB. */
export const POSTGRES_MAX_STORAGE_GIB = 65536;
/** RDS keeps automated backups for at most this many days. */
export const MAX_BACKUP_RETENTION_DAYS = 35;
/** Ports the engines listen on (the RDS and ElastiCache defaults). */
export const PORTS = { postgres: 5432, redis: 6379 } as const;
