/**
 * PostgreSQL on RDS (single instance, optionally Multi-AZ) for one service. Why RDS and not Aurora: see
 * the component README ("RDS, not Aurora").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

import { postgresAppRole } from "./app-role-sql";
import { PORTS, POSTGRES_SIZES, POSTGRES_VERSIONS, PostgresVersion, SizeClass } from "./engines";
import { postgresDatabaseName } from "./postgres-names";
import {
    POSTGRES_MASTER_USER,
    POSTGRES_PARAMETERS,
    postgresAppSecretName,
    storeIdentifier,
} from "./spec";

/** PostgreSQL settings of a {@link Datastore}. */
export interface PostgresArgs {
    /** Engine version, one of {@link POSTGRES_VERSIONS} (pinned: minor upgrades are config changes). */
    readonly engineVersion: PostgresVersion;
    /** Size class ({@link POSTGRES_SIZES}). @default "medium" */
    readonly size?: SizeClass;
    /** Allocated gp3 storage, GiB (>= 20). @default 20 */
    readonly storageGiB?: number;
    /** Storage autoscaling ceiling, GiB. @default - no autoscaling */
    readonly maxStorageGiB?: number;
    /**
     * Database created at launch; RDS refuses PostgreSQL's reserved key words
     * ({@link postgresDatabaseNameProblem}).
     *
     * @default - {@link postgresDatabaseName} of the service: its name with `-` as `_`, plus `_db`
     * when that is reserved (`order` -> `order_db`)
     */
    readonly databaseName?: string;
    /** Standby in a second zone with automatic failover. @default true */
    readonly multiAz?: boolean;
    /** RDS deletion protection. @default true */
    readonly deletionProtection?: boolean;
    /** Take a final snapshot when the instance is deleted. @default true */
    readonly finalSnapshot?: boolean;
    /** Days of automated backups (point-in-time restore window). @default 7 */
    readonly backupRetentionDays?: number;
    /** Performance Insights, encrypted with the store key. @default true */
    readonly performanceInsights?: boolean;
}

/** What the rest of the component needs from the PostgreSQL store. */
export interface PostgresStore {
    readonly instance: aws.rds.Instance;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly database: string;
    /** ARN of the master user secret RDS manages in Secrets Manager (read by the role Job only). */
    readonly secretArn: pulumi.Output<string>;
    /** The least-privilege role the service connects as (`<database>_app`, app-role-sql.ts). */
    readonly appRole: string;
    /** ARN of the secret holding the app role's `{username, password}`. */
    readonly appSecretArn: pulumi.Output<string>;
    /** The app secret's version: ready once the password is stored; its id changes with it. */
    readonly appSecretVersion: aws.secretsmanager.SecretVersion;
}

/** Shared inputs of every store of one service. */
export interface StoreContext {
    readonly name: string;
    readonly service: string;
    readonly identifierPrefix: string;
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly clientSecurityGroupId: pulumi.Input<string>;
    readonly key: aws.kms.Key;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
    readonly protect: boolean;
}

/**
 * A Secrets Manager secret named `name` holding `value` (a Pulumi secret), encrypted with the
 * service's store key and kept for the recovery window of the stack: the one shape every store
 * credential (Redis AUTH token, PostgreSQL app role) is stored in. Both resources are named `id`.
 */
export function storeSecret(
    ctx: StoreContext,
    id: string,
    name: string,
    description: string,
    value: pulumi.Output<string>,
): { secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion } {
    const opts = { parent: ctx.parent };
    const secret = new aws.secretsmanager.Secret(
        id,
        {
            name,
            description,
            kmsKeyId: ctx.key.arn,
            recoveryWindowInDays: ctx.protect ? 30 : 7,
            tags: ctx.tags,
        },
        opts,
    );
    const version = new aws.secretsmanager.SecretVersion(
        id,
        { secretId: secret.id, secretString: value },
        opts,
    );
    return { secret, version };
}

/**
 * A security group admitting the engine port from exactly one source security group, and nothing else
 * (no CIDR, no egress rule: the provider removes AWS's default allow-all egress rule).
 */
export function storeSecurityGroup(
    ctx: StoreContext,
    store: "postgres" | "redis",
): aws.ec2.SecurityGroup {
    const port = PORTS[store];
    return new aws.ec2.SecurityGroup(
        `${ctx.name}-${store}-sg`,
        {
            description: `${store} of ${ctx.service}: port ${port} from the cluster's pods only`,
            vpcId: ctx.vpcId,
            ingress: [
                {
                    description: "EKS cluster security group (nodes and their pods)",
                    protocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    securityGroups: [ctx.clientSecurityGroupId],
                },
            ],
            egress: [],
            tags: { ...ctx.tags, Name: `${ctx.identifierPrefix}-${ctx.service}-${store}` },
        },
        { parent: ctx.parent },
    );
}

/** Creates the subnet group, security group, parameter group and the encrypted RDS instance. */
export function createPostgres(
    ctx: StoreContext & { readonly secretsPathPrefix: string },
    args: PostgresArgs,
): PostgresStore {
    const opts = { parent: ctx.parent };
    const size = POSTGRES_SIZES[args.size ?? "medium"];
    const identifier = storeIdentifier(ctx.identifierPrefix, ctx.service, 63);
    const database = args.databaseName ?? postgresDatabaseName(ctx.service);
    const finalSnapshot = args.finalSnapshot ?? true;
    const performanceInsights = args.performanceInsights ?? true;

    const subnets = new aws.rds.SubnetGroup(
        `${ctx.name}-postgres-subnets`,
        {
            description: `Private subnets of the cluster, for ${ctx.service}'s database`,
            subnetIds: ctx.subnetIds,
            tags: ctx.tags,
        },
        opts,
    );
    const securityGroup = storeSecurityGroup(ctx, "postgres");
    const parameters = new aws.rds.ParameterGroup(
        `${ctx.name}-postgres-params`,
        {
            description: `${ctx.service}: TLS required`,
            family: POSTGRES_VERSIONS[args.engineVersion],
            parameters: POSTGRES_PARAMETERS.map((p) => ({ ...p })),
            tags: ctx.tags,
        },
        opts,
    );
    const instance = new aws.rds.Instance(
        `${ctx.name}-postgres`,
        {
            identifier,
            engine: "postgres",
            engineVersion: args.engineVersion,
            autoMinorVersionUpgrade: false,
            instanceClass: size.instanceClass,
            allocatedStorage: args.storageGiB ?? 20,
            maxAllocatedStorage: args.maxStorageGiB,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: ctx.key.arn,
            dbName: database,
            username: POSTGRES_MASTER_USER,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: ctx.key.arn,
            iamDatabaseAuthenticationEnabled: true,
            port: PORTS.postgres,
            dbSubnetGroupName: subnets.name,
            vpcSecurityGroupIds: [securityGroup.id],
            parameterGroupName: parameters.name,
            publiclyAccessible: false,
            multiAz: args.multiAz ?? true,
            deletionProtection: args.deletionProtection ?? true,
            skipFinalSnapshot: !finalSnapshot,
            finalSnapshotIdentifier: finalSnapshot ? `${identifier}-final` : undefined,
            deleteAutomatedBackups: !finalSnapshot,
            backupRetentionPeriod: args.backupRetentionDays ?? 7,
            copyTagsToSnapshot: true,
            performanceInsightsEnabled: performanceInsights,
            performanceInsightsKmsKeyId: performanceInsights ? ctx.key.arn : undefined,
            performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
            enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
            caCertIdentifier: "rds-ca-rsa2048-g1",
            tags: ctx.tags,
        },
        { ...opts, protect: ctx.protect },
    );
    // RDS turns on 7-day rotation of the managed secret. Pods read the password from env, which does not
    // change in a running pod, so rotation is a deliberate step (docs/operations.md) instead of a weekly
    // surprise: the secret stays managed by RDS, only the schedule is off.
    new aws.secretsmanager.SecretRotation(
        `${ctx.name}-postgres-rotation`,
        { secretId: instance.masterUserSecrets[0].secretArn, rotationEnabled: false },
        opts,
    );
    const app = createAppCredentials(ctx, postgresAppRole(database));
    return {
        instance,
        securityGroup,
        host: instance.address,
        port: PORTS.postgres,
        database,
        secretArn: instance.masterUserSecrets[0].secretArn,
        appRole: app.role,
        appSecretArn: app.secret.arn,
        appSecretVersion: app.version,
    };
}

/** Length of the app role's password: letters and digits only, so it needs no escaping in a URL. */
export const APP_PASSWORD_LENGTH = 64;

/**
 * The app role's password (random, a Pulumi secret) in its own Secrets Manager secret at
 * `<prefix>/<service>/postgres-app`, as `{username, password}` like RDS's master secret, encrypted
 * with the store key. The role itself is created in the database by the Job of {@link PostgresAppRole}.
 */
function createAppCredentials(
    ctx: StoreContext & { readonly secretsPathPrefix: string },
    role: string,
) {
    const opts = { parent: ctx.parent };
    const password = new random.RandomPassword(
        `${ctx.name}-postgres-app`,
        { length: APP_PASSWORD_LENGTH, special: false },
        opts,
    );
    // The provider marks `result` secret; saying it again keeps the JSON secret under mocks too.
    const { secret, version } = storeSecret(
        ctx,
        `${ctx.name}-postgres-app`,
        postgresAppSecretName(ctx.secretsPathPrefix, ctx.service),
        `PostgreSQL application role (${role}) of ${ctx.service}`,
        pulumi
            .secret(password.result)
            .apply((p) => JSON.stringify({ username: role, password: p })),
    );
    return { role, secret, version };
}
