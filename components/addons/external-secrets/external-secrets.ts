/**
 * External Secrets Operator and a ClusterSecretStore for AWS Secrets Manager that reads the platform's
 * shared secrets as a reader service account of its own (IRSA, limited to `<prefix>/shared/*`).
 *
 * The controller itself has no AWS identity: its service account carries no role and has no Pod
 * Identity association. A store with no `auth` uses the controller's own credentials
 * (external-secrets v0.20.4 `pkg/provider/aws/auth/auth.go`, `New`: no `auth` means the SDK's default
 * chain), so any namespace allowed to create a SecretStore would read whatever the controller's role may
 * read. Every store of the platform names a reader service account instead (docs/identity.md).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { policyDocument, SECRET_READ_ACTIONS } from "../../cluster/irsa";
import { ChartSource, ChartWorkload, helmChart, k8sOptions } from "../core/chart";
import type { AddonContext } from "../core/contract";
import { serviceAccountRole } from "../core/service-account-role";
import { MONITORING_NAMESPACE } from "../monitoring/monitoring-values";
import * as NS from "../core/namespaces";

/** Namespace of the External Secrets Operator. */
export const EXTERNAL_SECRETS_NAMESPACE = NS.EXTERNAL_SECRETS_NAMESPACE;
/** Service account of the External Secrets controller (no AWS role: see the file's comment). */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
/**
 * Service account the ClusterSecretStore authenticates as (`auth.jwt.serviceAccountRef`): it carries the
 * IRSA role that may read `<prefix>/shared/*`, and no pod runs as it.
 */
export const SHARED_SECRETS_READER_SERVICE_ACCOUNT = "external-secrets-shared-reader";
/** Name of the ClusterSecretStore that reads the platform's shared secrets in AWS Secrets Manager. */
export const CLUSTER_SECRET_STORE = "aws-secrets-manager";
/**
 * The namespaces whose ExternalSecrets may use {@link CLUSTER_SECRET_STORE}: the platform's own
 * consumers of `<prefix>/shared/` secrets (Grafana's admin login and the Alertmanager receivers, both in
 * `monitoring`). Services read their own secrets through a SecretStore bound to their own IRSA role, so
 * no application namespace is here.
 */
export const PLATFORM_SECRET_NAMESPACES: readonly string[] = [MONITORING_NAMESPACE];

/** Arguments for {@link installExternalSecrets}. */
export interface ExternalSecretsArgs {
    /** The `external-secrets` chart and the Secrets Manager name prefix the operator may read. */
    readonly source: ChartSource & { readonly secretsPrefix: string };
}

/** Where services find Secrets Manager (for their own SecretStores and IRSA policies). */
export interface SecretsManagerTarget {
    readonly region: pulumi.Output<string>;
    /** `arn:aws:secretsmanager:<region>:<account>:secret:` */
    readonly arnPrefix: pulumi.Output<string>;
    /** Name prefix of the platform's secrets, e.g. `supply-chain/production`. */
    readonly pathPrefix: string;
}

/** What {@link installExternalSecrets} gives back when the operator is installed. */
export interface ExternalSecretsInstall {
    /** What ExternalSecret and SecretStore objects must depend on. */
    readonly ready: pulumi.Resource[];
    /** ARN of the shared-secrets reader's IRSA role (the ClusterSecretStore's). */
    readonly roleArn: pulumi.Output<string>;
    /** Secrets Manager coordinates for services. */
    readonly secretsManager: SecretsManagerTarget;
}

/** Requests and limits of the controller, webhook and cert controller (the chart sets none). */
const ESO_RESOURCES = {
    requests: { cpu: "50m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
};

/**
 * External Secrets Operator values (chart 0.20.4, external-secrets/external-secrets
 * `deploy/charts/external-secrets/values.yaml`): CRDs installed, the controller's service account
 * without a role, limits on all three Deployments and the controller's optional liveness
 * probe on. The securityContext defaults are already restricted; one replica each, no PDB.
 *
 * `rbac.aggregateToEdit` is off: the chart's default labels its `-view` and `-edit` ClusterRoles
 * `rbac.authorization.k8s.io/aggregate-to-edit` (templates/rbac.yaml), so everyone holding the
 * built-in `edit` role in any namespace could create ExternalSecrets and SecretStores there. The
 * platform creates them through Pulumi only. (`aggregate-to-admin` has no value and stays: namespace
 * admins keep it, which is why {@link clusterSecretStore} is fenced by namespace too.)
 */
export function externalSecretsValues() {
    return {
        installCRDs: true,
        rbac: { aggregateToEdit: false },
        serviceAccount: {
            create: true,
            name: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
        },
        resources: ESO_RESOURCES,
        livenessProbe: { enabled: true },
        webhook: { resources: ESO_RESOURCES },
        certController: { resources: ESO_RESOURCES },
    };
}

/** Id of the operator's release (`<ClusterAddons>-external-secrets`, {@link releaseName}). */
export const EXTERNAL_SECRETS_RELEASE_ID = "external-secrets";

/**
 * The three Deployments chart 0.20.4 renders (templates/deployment.yaml, webhook-deployment.yaml,
 * cert-controller-deployment.yaml), named `<release>`, `<release>-webhook` and
 * `<release>-cert-controller` (`_helpers.tpl` `external-secrets.fullname`: the release name contains
 * the chart name); the pod label `app.kubernetes.io/name` stays the chart's own. The controller has no
 * readiness probe and the webhook and cert controller no liveness probe, and the chart has no value
 * for them (exempted by namespace). The webhook mounts its certificate secret `<release>-webhook`.
 *
 * Checked against external-secrets 0.20.4 rendered with helm template and the staging and production
 * values.
 */
export function externalSecretsWorkloads(
    release: string,
    values: ReturnType<typeof externalSecretsValues>,
): ChartWorkload[] {
    const securityContext = {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: "RuntimeDefault" },
    };
    const readyz = (port: number) => ({
        readinessProbe: { httpGet: { port, path: "/readyz" }, initialDelaySeconds: 20 },
    });
    const webhookCerts = `${release}-webhook`;
    const deployments = [
        [
            "",
            values.resources,
            values.livenessProbe.enabled
                ? { livenessProbe: { httpGet: { port: 8082, path: "/healthz" } } }
                : {},
        ],
        [
            "-webhook",
            values.webhook.resources,
            {
                ...readyz(8081),
                volumeMounts: [{ name: "certs", mountPath: "/tmp/certs", readOnly: true }],
            },
        ],
        ["-cert-controller", values.certController.resources, readyz(8081)],
    ] as const;
    return deployments.map(([suffix, resources, extra]) => ({
        kind: "Deployment",
        name: `${release}${suffix}`,
        namespace: EXTERNAL_SECRETS_NAMESPACE,
        labels: { "app.kubernetes.io/name": `external-secrets${suffix}` },
        replicas: 1,
        podSpec: {
            containers: [
                {
                    name: suffix === "" ? "external-secrets" : suffix.slice(1),
                    image: "oci.external-secrets.io/external-secrets/external-secrets:v0.20.4",
                    securityContext,
                    resources,
                    ...extra,
                },
            ],
            ...(suffix === "-webhook"
                ? { volumes: [{ name: "certs", secret: { secretName: webhookCerts } }] }
                : {}),
        },
    }));
}

/** ARN prefix of Secrets Manager secrets in one account and region (`...:secret:`). */
export function secretsArnPrefix(region: string, accountId: string): string {
    return `arn:aws:secretsmanager:${region}:${accountId}:secret:`;
}

/**
 * Secrets the operator's own role (behind the ClusterSecretStore) may read: only platform-wide shared
 * secrets under `<prefix>/shared/`. Each service reads its own `<prefix>/<service>/` path through a
 * SecretStore bound to its own service account, so no namespace can read another service's secrets.
 */
export function sharedSecretsArnPattern(region: string, accountId: string, prefix: string): string {
    return `${secretsArnPrefix(region, accountId)}${prefix}/shared/*`;
}

/** The External Secrets provider block for AWS Secrets Manager, authenticated as a service account. */
export function secretsManagerProvider<T>(
    region: T,
    serviceAccountRef: { name: string; namespace?: string },
) {
    return { aws: { service: "SecretsManager", region, auth: { jwt: { serviceAccountRef } } } };
}

/**
 * The ClusterSecretStore for the platform's shared secrets, authenticated as
 * {@link SHARED_SECRETS_READER_SERVICE_ACCOUNT} (its IRSA role may read only `<prefix>/shared/*`,
 * {@link sharedSecretsArnPattern}). Without
 * `conditions` any namespace could point an ExternalSecret at it and copy Grafana's admin password or
 * the Alertmanager receivers' keys into a Secret of its own; the condition limits it to `namespaces`
 * (external-secrets v0.20.4 `apis/externalsecrets/v1/secretstore_types.go`,
 * `ClusterSecretStoreCondition`: the controller refuses ExternalSecrets from other namespaces).
 *
 * @param namespaces the namespaces that may use the store. @default {@link PLATFORM_SECRET_NAMESPACES}
 */
export function clusterSecretStore<T>(
    region: T,
    namespaces: readonly string[] = PLATFORM_SECRET_NAMESPACES,
) {
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: CLUSTER_SECRET_STORE },
        spec: {
            conditions: [{ namespaces: [...namespaces] }],
            provider: secretsManagerProvider(region, {
                name: SHARED_SECRETS_READER_SERVICE_ACCOUNT,
                namespace: EXTERNAL_SECRETS_NAMESPACE,
            }),
        },
    };
}

/**
 * Installs the operator's namespace and chart, the shared-secrets reader (service account and IRSA
 * role) and the ClusterSecretStore. Returns undefined when disabled.
 */
export function installExternalSecrets(
    scope: AddonContext,
    args: ExternalSecretsArgs,
): ExternalSecretsInstall | undefined {
    const source = args.source;
    if (!source.enabled) {
        return undefined;
    }
    const name = scope.name;
    const region = scope.region;
    const account = scope.accountId;
    // IRSA, not EKS Pod Identity: the store reads through `auth.jwt.serviceAccountRef`, which External
    // Secrets serves only with the service account's web-identity token and its role annotation
    // (v0.20.4 `pkg/provider/aws/auth/auth.go`, `credsFromServiceAccount`: "an IAM role must be
    // associated with service account"; docs/identity.md, "Why secret reading stays on IRSA").
    const { role, policy } = serviceAccountRole(scope, `${name}-external-secrets-irsa`, {
        identity: "irsa",
        namespace: EXTERNAL_SECRETS_NAMESPACE,
        serviceAccountName: SHARED_SECRETS_READER_SERVICE_ACCOUNT,
        policy: pulumi.all([region, account]).apply(([r, a]) =>
            policyDocument([
                {
                    actions: SECRET_READ_ACTIONS,
                    resources: [sharedSecretsArnPattern(r, a, source.secretsPrefix)],
                },
            ]),
        ),
    });
    const ns = new k8s.core.v1.Namespace(
        `${name}-external-secrets`,
        { metadata: { name: EXTERNAL_SECRETS_NAMESPACE } },
        k8sOptions(scope),
    );
    const eso = helmChart(
        scope,
        EXTERNAL_SECRETS_RELEASE_ID,
        source,
        "external-secrets",
        EXTERNAL_SECRETS_NAMESPACE,
        externalSecretsValues(),
        [ns],
    );
    const reader = new k8s.core.v1.ServiceAccount(
        `${name}-external-secrets-shared-reader`,
        {
            metadata: {
                name: SHARED_SECRETS_READER_SERVICE_ACCOUNT,
                namespace: EXTERNAL_SECRETS_NAMESPACE,
                annotations: { "eks.amazonaws.com/role-arn": role.arn },
            },
            automountServiceAccountToken: false,
        },
        k8sOptions(scope, [ns]),
    );
    const store = new k8s.apiextensions.CustomResource(
        `${name}-secret-store`,
        clusterSecretStore(region),
        k8sOptions(scope, [eso, reader, policy]),
    );
    return {
        ready: [eso, store],
        roleArn: role.arn,
        secretsManager: {
            region,
            arnPrefix: pulumi.all([region, account]).apply(([r, a]) => secretsArnPrefix(r, a)),
            pathPrefix: source.secretsPrefix,
        },
    };
}
