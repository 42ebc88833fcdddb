/**
 * Pure builders for the Datastore component: identifiers, the PostgreSQL parameters, the connection-URL
 * templates External Secrets renders, the IAM policy that reads exactly one service's store secrets, and
 * the ExternalSecret. Testable without mocks.
 */
import { createHash } from "crypto";

import { PORTS } from "./engines";

/** The key each store hands to the service's ExternalSecret, and the env var it becomes. */
export const STORE_ENV = { postgres: "DATABASE_URL", redis: "REDIS_URL" } as const;

/** Master user of every PostgreSQL instance (its password lives only in Secrets Manager). */
export const POSTGRES_MASTER_USER = "app_owner";

/**
 * Parameters of every PostgreSQL parameter group. `rds.force_ssl=1` refuses unencrypted connections
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html);
 * `pending-reboot` is accepted for static and dynamic parameters and applies at first boot.
 */
export const POSTGRES_PARAMETERS = [
    { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
    { name: "log_connections", value: "1", applyMethod: "pending-reboot" },
] as const;

/**
 * A physical identifier `<prefix>-<service>` within `max` characters (RDS: 63, ElastiCache replication
 * groups: 40), lowercase; too long a name keeps its start and gains a short hash so it stays unique.
 */
export function storeIdentifier(prefix: string, service: string, max: number): string {
    const full = `${prefix}-${service}`.toLowerCase();
    if (full.length <= max) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
    return `${full.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
}

/** Name of the Secrets Manager secret holding a service's Redis AUTH token (under its own path). */
export function redisAuthSecretName(pathPrefix: string, service: string): string {
    return `${pathPrefix}/${service}/redis-auth`;
}

/**
 * Name of the workload that creates a service's PostgreSQL application role (its Job's ServiceAccount,
 * Sidecar and `app` label): `<service>-db-init`.
 */
export function appRoleWorkload(service: string): string {
    return `${service}-db-init`;
}

/** Name of the secret holding a service's PostgreSQL application role (`{username, password}`). */
export function postgresAppSecretName(pathPrefix: string, service: string): string {
    return `${pathPrefix}/${service}/postgres-app`;
}

/** Where one store's credentials live, as the wiring needs them. */
export interface StoreSecretRef {
    /** ARN of the Secrets Manager secret. */
    readonly secretArn: string;
    /** Host name of the store's (primary) endpoint. */
    readonly host: string;
    readonly port: number;
}

/**
 * External Secrets templates (engine v2, Go templates with sprig) building the connection URLs from
 * the store endpoint and the secret's parts. RDS master passwords exclude `/`, `'`, `"`, `@` and spaces
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ManagingMasterUserPassword.html uses the
 * RDS password rules), and `urlquery` escapes every other reserved character. `sslmode=require` keeps
 * the connection encrypted (the server refuses anything else); see docs/operations.md for verify-full.
 */
export function connectionTemplates(stores: {
    readonly postgres?: StoreSecretRef & { readonly database: string };
    readonly redis?: StoreSecretRef;
}): Record<string, string> {
    const t: Record<string, string> = {};
    if (stores.postgres) {
        const p = stores.postgres;
        t[STORE_ENV.postgres] =
            `postgresql://{{ .pg_username | urlquery }}:{{ .pg_password | urlquery }}@${p.host}:${p.port}/${p.database}?sslmode=require`;
    }
    if (stores.redis) {
        const r = stores.redis;
        t[STORE_ENV.redis] = `rediss://:{{ .redis_auth_token | urlquery }}@${r.host}:${r.port}/0`;
    }
    return t;
}

/** The remote secret parts the templates read: RDS's JSON secret (username, password) and the token. */
export function remoteRefs(stores: {
    readonly postgres?: Pick<StoreSecretRef, "secretArn">;
    readonly redis?: Pick<StoreSecretRef, "secretArn">;
}): { secretKey: string; remoteRef: { key: string; property?: string } }[] {
    return [
        ...(stores.postgres
            ? [
                  {
                      secretKey: "pg_username",
                      remoteRef: { key: stores.postgres.secretArn, property: "username" },
                  },
                  {
                      secretKey: "pg_password",
                      remoteRef: { key: stores.postgres.secretArn, property: "password" },
                  },
              ]
            : []),
        ...(stores.redis
            ? [{ secretKey: "redis_auth_token", remoteRef: { key: stores.redis.secretArn } }]
            : []),
    ];
}

/**
 * IAM policy letting a service read exactly its own stores' secrets, and decrypt them with its stores'
 * KMS key only through Secrets Manager in this region.
 */
export function storeReadPolicy(secretArns: readonly string[], keyArn: string, region: string) {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadOwnStoreSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: [...secretArns],
            },
            {
                Sid: "DecryptOwnStoreSecrets",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [keyArn],
                Condition: {
                    StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
                },
            },
        ],
    });
}

/** What the ExternalSecret of a service's stores needs. */
export interface StoreExternalSecretArgs {
    readonly service: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    /** Name of the service's own SecretStore (bound to its service account). */
    readonly secretStore: string;
    /** Env var name -> template. */
    readonly templates: Record<string, string>;
    readonly data: ReturnType<typeof remoteRefs>;
}

/** Name of the Kubernetes Secret (and ExternalSecret) holding a service's store URLs. */
export function storeSecretName(service: string): string {
    return `${service}-datastores`;
}

/**
 * The ExternalSecret that renders the store URLs into one Kubernetes Secret. `mergePolicy: Replace`
 * keeps the raw parts (username, password, token) out of the Secret: only the URLs land there.
 * Schema: external-secrets `apis/externalsecrets/v1` ExternalSecretTemplate (engineVersion, mergePolicy).
 */
export function buildStoreExternalSecret(a: StoreExternalSecretArgs) {
    const name = storeSecretName(a.service);
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name, namespace: a.namespace, labels: a.labels },
        spec: {
            refreshInterval: "15m",
            secretStoreRef: { name: a.secretStore, kind: "SecretStore" },
            target: {
                name,
                creationPolicy: "Owner",
                template: {
                    engineVersion: "v2",
                    mergePolicy: "Replace",
                    type: "Opaque",
                    data: { ...a.templates },
                },
            },
            data: a.data,
        },
    };
}

/** Default ports, re-exported for callers that build endpoints. */
export { PORTS };
