/**
 * Redis OSS on an ElastiCache replication group (cluster mode off) for one service: encrypted at rest
 * with the store key and in transit (TLS required), AUTH token from `@pulumi/random` kept in Secrets
 * Manager.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

import { PORTS, REDIS_SIZES, REDIS_VERSIONS, RedisVersion, SizeClass } from "./engines";
import { StoreContext, storeSecret, storeSecurityGroup } from "./postgres";
import { redisAuthSecretName, storeIdentifier } from "./spec";

/** Redis settings of a {@link Datastore}. */
export interface RedisArgs {
    /** Engine version, one of {@link REDIS_VERSIONS}. */
    readonly engineVersion: RedisVersion;
    /** Size class ({@link REDIS_SIZES}). @default "medium" */
    readonly size?: SizeClass;
    /** Read replicas next to the primary (automatic failover needs one). @default 1 */
    readonly replicas?: number;
    /** Spread primary and replicas over zones (needs a replica). @default true */
    readonly multiAz?: boolean;
    /** Days of daily snapshots. @default 7 */
    readonly snapshotRetentionDays?: number;
    /** Take a final snapshot when the group is deleted. @default true */
    readonly finalSnapshot?: boolean;
}

/** What the rest of the component needs from the Redis store. */
export interface RedisStore {
    readonly group: aws.elasticache.ReplicationGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly host: pulumi.Output<string>;
    readonly port: number;
    /** ARN of the Secrets Manager secret holding the AUTH token. */
    readonly secretArn: pulumi.Output<string>;
    /** The secret version: ready once the token is stored. */
    readonly secretVersion: aws.secretsmanager.SecretVersion;
}

/**
 * ElastiCache AUTH tokens: 16-128 printable characters without `/`, `"` or `@`
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html). Letters and digits only, 64 of
 * them, so the token needs no escaping anywhere.
 */
export const AUTH_TOKEN_LENGTH = 64;

/** Creates the token, its secret, the subnet and security groups and the replication group. */
export function createRedis(
    ctx: StoreContext & { readonly secretsPathPrefix: string },
    args: RedisArgs,
): RedisStore {
    const opts = { parent: ctx.parent };
    const size = REDIS_SIZES[args.size ?? "medium"];
    const replicas = args.replicas ?? 1;
    const multiAz = args.multiAz ?? true;
    const finalSnapshot = args.finalSnapshot ?? true;
    const id = storeIdentifier(ctx.identifierPrefix, ctx.service, 40);

    const token = new random.RandomPassword(
        `${ctx.name}-redis-auth`,
        { length: AUTH_TOKEN_LENGTH, special: false },
        opts,
    );
    // The provider marks `result` secret; saying it again keeps it secret wherever it flows (and under
    // mocks, which do not apply additionalSecretOutputs).
    const authToken = pulumi.secret(token.result);
    const { secret, version: secretVersion } = storeSecret(
        ctx,
        `${ctx.name}-redis-auth`,
        redisAuthSecretName(ctx.secretsPathPrefix, ctx.service),
        `Redis AUTH token of ${ctx.service}`,
        authToken,
    );
    const subnets = new aws.elasticache.SubnetGroup(
        `${ctx.name}-redis-subnets`,
        {
            name: id,
            description: `Private subnets of the cluster, for ${ctx.service}'s cache`,
            subnetIds: ctx.subnetIds,
            tags: ctx.tags,
        },
        opts,
    );
    const securityGroup = storeSecurityGroup(ctx, "redis");
    const group = new aws.elasticache.ReplicationGroup(
        `${ctx.name}-redis`,
        {
            replicationGroupId: id,
            description: `Redis of ${ctx.service}`,
            engine: "redis",
            engineVersion: args.engineVersion,
            parameterGroupName: `default.${REDIS_VERSIONS[args.engineVersion]}`,
            autoMinorVersionUpgrade: false,
            nodeType: size.instanceClass,
            numCacheClusters: 1 + replicas,
            automaticFailoverEnabled: replicas > 0,
            multiAzEnabled: multiAz,
            atRestEncryptionEnabled: true,
            kmsKeyId: ctx.key.arn,
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            authToken,
            authTokenUpdateStrategy: "ROTATE",
            port: PORTS.redis,
            subnetGroupName: subnets.name,
            securityGroupIds: [securityGroup.id],
            snapshotRetentionLimit: args.snapshotRetentionDays ?? 7,
            finalSnapshotIdentifier: finalSnapshot ? `${id}-final` : undefined,
            tags: ctx.tags,
        },
        { ...opts, protect: ctx.protect },
    );
    return {
        group,
        securityGroup,
        host: group.primaryEndpointAddress,
        port: PORTS.redis,
        secretArn: secret.arn,
        secretVersion,
    };
}
