/**
 * Pure builders of a service's secret reading: the secrets reader account, its SecretStore and the
 * ExternalSecret (docs/identity.md, "Why secret reading stays on IRSA").
 */
import { secretsManagerProvider } from "../addons/external-secrets/external-secrets";
import { meta, objectNames, ResolvedMicroservice } from "./spec";

/**
 * The secrets reader: the ServiceAccount the service's SecretStore authenticates as. It carries the
 * IRSA role that may read the service's secrets (External Secrets exchanges its token with
 * `sts:AssumeRoleWithWebIdentity`, docs/identity.md), and no pod runs as it, so the service's pods
 * never hold that role.
 */
export function buildSecretsReaderServiceAccount(r: ResolvedMicroservice, roleArn: string) {
    return {
        metadata: {
            ...meta(r, objectNames(r.name).secretsReader),
            annotations: { "eks.amazonaws.com/role-arn": roleArn },
        },
        automountServiceAccountToken: false,
    };
}

/** A SecretStore that reads Secrets Manager as the service's secrets reader (its IRSA role). */
export function buildSecretStore<R>(r: ResolvedMicroservice, region: R) {
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        metadata: meta(r, objectNames(r.name).secretStore),
        spec: {
            provider: secretsManagerProvider(region, { name: objectNames(r.name).secretsReader }),
        },
    };
}

/**
 * The ExternalSecret: one Kubernetes Secret holding the service's secret env vars, read from
 * `<prefix>/<service>/<key>`; the values never pass through Pulumi.
 */
export function buildExternalSecret(
    r: ResolvedMicroservice,
    pathPrefix: string,
    secrets: Readonly<Record<string, { key: string; property?: string }>>,
) {
    const names = objectNames(r.name);
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: meta(r, names.secrets),
        spec: {
            refreshInterval: "1h",
            secretStoreRef: { name: names.secretStore, kind: "SecretStore" },
            target: { name: names.secrets, creationPolicy: "Owner" },
            data: Object.entries(secrets).map(([env, s]) => ({
                secretKey: env,
                remoteRef: {
                    key: `${pathPrefix}/${r.name}/${s.key}`,
                    ...(s.property ? { property: s.property } : {}),
                },
            })),
        },
    };
}

/** Secrets Manager ARN pattern of one service's own secrets. */
export function serviceSecretsArn(arnPrefix: string, pathPrefix: string, service: string): string {
    return `${arnPrefix}${pathPrefix}/${service}/*`;
}
