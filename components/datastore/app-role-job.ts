/**
 * Pure builders for the Kubernetes side of a service's PostgreSQL application role: the Job's own
 * ServiceAccount, SecretStore and ExternalSecret (master credentials and the app password, for this Job
 * only) and the Job that runs {@link appRoleSql} with psql. Testable without mocks.
 */
import { createHash } from "crypto";

import { secretsManagerProvider } from "../addons/external-secrets/external-secrets";
import { workloadLabels } from "../internal/labels";
import { APP_PASSWORD_ENV } from "./app-role-sql";
import { appRoleWorkload } from "./spec";

/**
 * psql of the Docker official `postgres` image, from Amazon ECR Public's mirror of the Docker official
 * images (no Docker Hub pull limits). 17.x: its psql speaks to PostgreSQL 16 and 17 servers
 * (https://www.postgresql.org/docs/17/app-psql.html, "works with servers back to 9.2"); the alpine
 * variant runs as the image's `postgres` user, uid/gid 70 (docker-library/postgres
 * `17/alpine3.22/Dockerfile`: `adduser -u 70 -S -D -G postgres ... postgres`).
 */
export const PSQL_IMAGE = "public.ecr.aws/docker/library/postgres:17.7-alpine3.22";
/** uid and gid of `postgres` in the alpine image. */
export const PSQL_UID = 70;

/** `app.kubernetes.io/component` of the Job's objects. */
export const APP_ROLE_COMPONENT = "database-init";

export { appRoleWorkload };

/** Names of the Job's objects; the SecretStore follows `<workload>-secrets` (policy pack). */
export function appRoleObjectNames(service: string) {
    const workload = appRoleWorkload(service);
    return {
        workload,
        serviceAccount: workload,
        secretStore: `${workload}-secrets`,
        secret: workload,
    };
}

/** Labels of every object of the Job: the workload is `<service>-db-init`. */
export function appRoleLabels(service: string, version: string): Record<string, string> {
    return workloadLabels(appRoleWorkload(service), version, APP_ROLE_COMPONENT);
}

/**
 * A short hash of what the Job does (script, image, the app secret's version id): the Job's name ends
 * with it, so a changed script or a new password makes a new Job (Pulumi replaces the old one) and
 * runs the SQL again; the same inputs keep the name and run nothing.
 */
export function appRoleRunId(parts: readonly string[]): string {
    return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 10);
}

/** The Job's ServiceAccount, bound to its own IRSA role (reads the master and app secrets). */
export function buildAppRoleServiceAccount(
    service: string,
    namespace: string,
    version: string,
    roleArn: string,
) {
    return {
        metadata: {
            name: appRoleObjectNames(service).serviceAccount,
            namespace,
            labels: appRoleLabels(service, version),
            annotations: {
                "eks.amazonaws.com/role-arn": roleArn,
                "eks.amazonaws.com/sts-regional-endpoints": "true",
            },
        },
        automountServiceAccountToken: false,
    };
}

/** The Job's SecretStore: Secrets Manager as the Job's own service account, named for its workload. */
export function buildAppRoleSecretStore<R>(
    service: string,
    namespace: string,
    version: string,
    region: R,
) {
    const names = appRoleObjectNames(service);
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        metadata: { name: names.secretStore, namespace, labels: appRoleLabels(service, version) },
        spec: { provider: secretsManagerProvider(region, { name: names.serviceAccount }) },
    };
}

/**
 * The ExternalSecret that puts the master user's name and password (RDS's secret) and the app role's
 * password into the Job's Secret, as psql's `PGUSER` / `PGPASSWORD` and `APP_PASSWORD`. Nothing but
 * the ARNs is in the manifest.
 */
export function buildAppRoleExternalSecret(a: {
    readonly service: string;
    readonly namespace: string;
    readonly version: string;
    readonly masterSecretArn: string;
    readonly appSecretArn: string;
}) {
    const names = appRoleObjectNames(a.service);
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: {
            name: names.secret,
            namespace: a.namespace,
            labels: appRoleLabels(a.service, a.version),
        },
        spec: {
            refreshInterval: "15m",
            secretStoreRef: { name: names.secretStore, kind: "SecretStore" },
            target: { name: names.secret, creationPolicy: "Owner" },
            data: [
                {
                    secretKey: "PGUSER",
                    remoteRef: { key: a.masterSecretArn, property: "username" },
                },
                {
                    secretKey: "PGPASSWORD",
                    remoteRef: { key: a.masterSecretArn, property: "password" },
                },
                {
                    secretKey: APP_PASSWORD_ENV,
                    remoteRef: { key: a.appSecretArn, property: "password" },
                },
            ],
        },
    };
}

/** What the Job needs. */
export interface AppRoleJobArgs {
    readonly service: string;
    readonly namespace: string;
    readonly version: string;
    /** {@link appRoleRunId} of the script, image and app secret version. */
    readonly runId: string;
    readonly host: string;
    readonly port: number;
    readonly database: string;
    /** The psql script ({@link appRoleSql}). */
    readonly sql: string;
}

/**
 * The one-off Job: psql connects as the master user over TLS and runs the script from an env var
 * (through stdin, so meta-commands work and nothing secret is an argument), then exits.
 *
 * - Restricted pod security: uid 70, read-only root filesystem (psql writes no history without a
 *   terminal; `/tmp` is an emptyDir), all capabilities dropped, `RuntimeDefault` seccomp, requests and
 *   limits. Probes, anti-affinity and PDBs are not for Jobs (`LONG_RUNNING_KINDS`, `REPLICATED_KINDS`
 *   in lib/kubernetes/pods.ts).
 * - In the mesh: `sidecar.istio.io/nativeSidecar: "true"` makes the injector put istio-proxy in
 *   `initContainers` with `restartPolicy: Always` whatever the global default (istio 1.30.3
 *   `pkg/kube/inject/inject.go`, the annotation "takes precedence over the global feature flag").
 *   Kubernetes starts such a sidecar before the Job's container and stops it once the container has
 *   exited (KEP-753, on by default since 1.29), so the pod completes; a classic sidecar would keep the
 *   Job running forever.
 * - `backoffLimit` retries a failed run (e.g. while External Secrets syncs the Secret or the proxy
 *   gets its config); pulumi-kubernetes 4.34 waits for `Complete` and fails the update on `Failed`
 *   (`batch/v1/job.d.ts`). No `ttlSecondsAfterFinished`: Pulumi owns the finished Job.
 */
export function buildAppRoleJob(a: AppRoleJobArgs) {
    const names = appRoleObjectNames(a.service);
    const labels = appRoleLabels(a.service, a.version);
    const fromSecret = (name: string) => ({
        name,
        valueFrom: { secretKeyRef: { name: names.secret, key: name } },
    });
    return {
        metadata: {
            name: `${names.workload}-${a.runId}`,
            namespace: a.namespace,
            labels,
        },
        spec: {
            backoffLimit: 6,
            activeDeadlineSeconds: 900,
            template: {
                metadata: {
                    labels,
                    annotations: { "sidecar.istio.io/nativeSidecar": "true" },
                },
                spec: {
                    serviceAccountName: names.serviceAccount,
                    automountServiceAccountToken: false,
                    restartPolicy: "Never",
                    securityContext: {
                        runAsNonRoot: true,
                        runAsUser: PSQL_UID,
                        runAsGroup: PSQL_UID,
                        fsGroup: PSQL_UID,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [
                        {
                            name: "psql",
                            image: PSQL_IMAGE,
                            command: ["sh", "-c", 'printf "%s" "$APP_ROLE_SQL" | psql -X -f -'],
                            env: [
                                { name: "PGHOST", value: a.host },
                                { name: "PGPORT", value: String(a.port) },
                                { name: "PGDATABASE", value: a.database },
                                { name: "PGSSLMODE", value: "require" },
                                { name: "PGCONNECT_TIMEOUT", value: "10" },
                                { name: "PGAPPNAME", value: names.workload },
                                fromSecret("PGUSER"),
                                fromSecret("PGPASSWORD"),
                                fromSecret(APP_PASSWORD_ENV),
                                { name: "APP_ROLE_SQL", value: a.sql },
                            ],
                            resources: {
                                requests: { cpu: "50m", memory: "64Mi" },
                                limits: { cpu: "200m", memory: "128Mi" },
                            },
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                readOnlyRootFilesystem: true,
                                runAsNonRoot: true,
                                capabilities: { drop: ["ALL"] },
                            },
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
                },
            },
        },
    };
}
