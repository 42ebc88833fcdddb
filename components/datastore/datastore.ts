import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { EgressHost, tcpHost } from "../internal/egress";
import { POSTGRES_MIN_STORAGE_GIB } from "./engines";
import { createPostgres, PostgresArgs, PostgresStore, StoreContext } from "./postgres";
import { postgresDatabaseNameProblem } from "./postgres-names";
import { createRedis, RedisArgs, RedisStore } from "./redis";
import { connectionTemplates, remoteRefs, STORE_ENV, storeReadPolicy } from "./spec";

/** Where the stores live: the cluster's network and the security group of its pods. */
export interface StoreNetwork {
    /** VPC of the cluster ({@link Cluster.network}). */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets of the cluster; the stores get no public address. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The only security group admitted to the stores ({@link Cluster.clusterSecurityGroupId}). */
    readonly clientSecurityGroupId: pulumi.Input<string>;
}

/** Arguments for {@link Datastore}. */
export interface DatastoreArgs {
    /** The service that owns the stores (names, secret paths, tags). */
    readonly service: string;
    readonly network: StoreNetwork;
    /** Prefix of physical identifiers, e.g. the cluster name: `<prefix>-<service>`. */
    readonly identifierPrefix: string;
    /**
     * Secrets Manager path prefix: the Redis token lives at `<prefix>/<service>/redis-auth`, the
     * PostgreSQL app role's credentials at `<prefix>/<service>/postgres-app`.
     */
    readonly secretsPathPrefix: string;
    /** PostgreSQL on RDS. @default - none */
    readonly postgres?: PostgresArgs;
    /** Redis on ElastiCache. @default - none */
    readonly redis?: RedisArgs;
    /** Pulumi `protect` on the instance and replication group. @default true */
    readonly protect?: boolean;
    /** Extra tags. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** What a {@link Microservice} needs to deliver its stores' URLs and read only their secrets. */
export interface DatastoreWiring {
    /** Env vars the service gets (`DATABASE_URL`, `REDIS_URL`). */
    readonly env: readonly string[];
    /** External Secrets templates per env var (engine v2). */
    readonly templates: pulumi.Output<Record<string, string>>;
    /** The remote secret parts the templates read. */
    readonly data: pulumi.Output<ReturnType<typeof remoteRefs>>;
    /**
     * IAM policy (JSON) for the service's role: exactly these secrets (for PostgreSQL the app role's,
     * never the master secret) and this key.
     */
    readonly policy: pulumi.Output<string>;
    /** Resources that must exist before the ExternalSecret can sync. */
    readonly dependsOn: pulumi.Resource[];
    /** The stores' endpoints as mesh egress hosts ({@link Datastore.egress}). */
    readonly egress: readonly EgressHost[];
}

/**
 * The data stores one service owns: PostgreSQL on RDS and/or Redis on ElastiCache, in the cluster's
 * private subnets, encrypted with the service's own KMS key, reachable only from the cluster's pods,
 * with credentials that exist only in Secrets Manager (RDS-managed password, random AUTH token).
 *
 * @example
 * const data = new Datastore("inventory-data", {
 *     service: "inventory", identifierPrefix: "supply-chain-production",
 *     secretsPathPrefix: "supply-chain/production", network: cluster.storeNetwork,
 *     postgres: { engineVersion: "17.7" }, redis: { engineVersion: "7.1" },
 * });
 */
export class Datastore extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:data:Datastore";

    /** The key encrypting storage, snapshots, Performance Insights and the store secrets. */
    public readonly keyArn: pulumi.Output<string>;
    /** PostgreSQL endpoint and secret, when the service has one. */
    public readonly postgres?: PostgresStore;
    /** Redis endpoint and secret, when the service has one. */
    public readonly redis?: RedisStore;
    /** `host:port` of each store. */
    public readonly endpoints: pulumi.Output<{ postgres?: string; redis?: string }>;
    /**
     * The endpoints the service's pods must reach through the mesh (istiod runs REGISTRY_ONLY): one TCP
     * host per store, keyed `<service>-postgres` / `<service>-redis`, resolved by DNS. The owning
     * {@link Microservice} adds them to its egress; {@link MeshNamespacePolicy} writes their
     * ServiceEntries and the service's Sidecar imports them, so on each store port the service's pods
     * reach their own store only (see components/internal/egress.ts).
     */
    public readonly egress: readonly EgressHost[];
    /** Everything the service needs to consume its stores. */
    public readonly wiring: DatastoreWiring;

    constructor(name: string, args: DatastoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Datastore.__pulumiType, name, {}, opts);
        validateDatastoreArgs(args);
        const protect = args.protect ?? true;
        const tags = {
            "app.kubernetes.io/part-of": "supply-chain-platform",
            service: args.service,
            ...args.tags,
        };
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Data stores of ${args.service}: storage, snapshots, secrets`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { parent: this, protect },
        );
        new aws.kms.Alias(
            `${name}-key`,
            {
                name: `alias/${args.identifierPrefix}-${args.service}-data`,
                targetKeyId: key.keyId,
            },
            { parent: this },
        );
        const ctx: StoreContext = {
            name,
            service: args.service,
            identifierPrefix: args.identifierPrefix,
            vpcId: args.network.vpcId,
            subnetIds: args.network.privateSubnetIds,
            clientSecurityGroupId: args.network.clientSecurityGroupId,
            key,
            tags,
            parent: this,
            protect,
        };
        this.postgres =
            args.postgres &&
            createPostgres({ ...ctx, secretsPathPrefix: args.secretsPathPrefix }, args.postgres);
        this.redis =
            args.redis &&
            createRedis({ ...ctx, secretsPathPrefix: args.secretsPathPrefix }, args.redis);
        const pg = this.postgres;
        const redis = this.redis;

        const stores = pulumi
            .all([storePart(pg && { host: pg.host, secretArn: pg.appSecretArn }), storePart(redis)])
            .apply(([p, r]) => ({ pg: p, redis: r }));
        this.keyArn = key.arn;
        this.endpoints = stores.apply((s) => ({
            ...(s.pg ? { postgres: `${s.pg.host}:${pg!.port}` } : {}),
            ...(s.redis ? { redis: `${s.redis.host}:${redis!.port}` } : {}),
        }));
        this.egress = [
            ...(pg ? [tcpHost(`${args.service}-postgres`, pg.host, pg.port)] : []),
            ...(redis ? [tcpHost(`${args.service}-redis`, redis.host, redis.port)] : []),
        ];
        const region = aws.getRegionOutput({}, { parent: this }).region;
        this.wiring = {
            env: [...(pg ? [STORE_ENV.postgres] : []), ...(redis ? [STORE_ENV.redis] : [])],
            templates: stores.apply((s) =>
                connectionTemplates({
                    postgres: s.pg && { ...s.pg, port: pg!.port, database: pg!.database },
                    redis: s.redis && { ...s.redis, port: redis!.port },
                }),
            ),
            data: stores.apply((s) => remoteRefs({ postgres: s.pg, redis: s.redis })),
            policy: pulumi.all([stores, key.arn, region]).apply(([s, keyArn, r]) =>
                storeReadPolicy(
                    [s.pg?.secretArn, s.redis?.secretArn].filter(
                        (a): a is string => a !== undefined,
                    ),
                    keyArn,
                    r,
                ),
            ),
            dependsOn: [
                ...(pg ? [pg.instance, pg.appSecretVersion] : []),
                ...(redis ? [redis.secretVersion] : []),
            ],
            egress: this.egress,
        };

        this.registerOutputs({ keyArn: this.keyArn, endpoints: this.endpoints });
    }
}

/** A store's host and secret ARN as one output (undefined when the store does not exist). */
function storePart(
    store?: Pick<PostgresStore | RedisStore, "host" | "secretArn">,
): pulumi.Output<{ host: string; secretArn: string } | undefined> {
    return store
        ? pulumi
              .all([store.host, store.secretArn])
              .apply(([host, secretArn]) => ({ host, secretArn }))
        : pulumi.output(undefined);
}

/** Throws with the arg path, the value and the rule when the args cannot make a safe store. */
export function validateDatastoreArgs(args: DatastoreArgs): void {
    const fail = (path: string, rule: string, value: unknown): never => {
        throw new Error(
            `Datastore '${args.service}': \`${path}\` ${rule}, got ${JSON.stringify(value)}`,
        );
    };
    if (!args.postgres && !args.redis) {
        fail("postgres", "or `redis` must be set (a Datastore with no store)", undefined);
    }
    const storage = args.postgres?.storageGiB;
    if (storage !== undefined && storage < POSTGRES_MIN_STORAGE_GIB) {
        fail("postgres.storageGiB", `must be >= ${POSTGRES_MIN_STORAGE_GIB}`, storage);
    }
    const database = args.postgres?.databaseName;
    const problem = database === undefined ? undefined : postgresDatabaseNameProblem(database);
    if (problem) {
        fail("postgres.databaseName", problem, database);
    }
    const r = args.redis;
    if (r && (r.multiAz ?? true) && (r.replicas ?? 1) < 1) {
        fail("redis.replicas", "must be >= 1 when multiAz is true", r.replicas);
    }
}
