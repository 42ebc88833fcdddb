/**
 * Pure builders for the cluster add-ons: chart coordinates, Helm values and the mesh-wide objects.
 */

/** Namespace of the Istio control plane; its PeerAuthentication is the mesh-wide default. */
export const ISTIO_NAMESPACE = "istio-system";
/** Namespace of the External Secrets Operator. */
export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
/** Service account of the External Secrets controller (it carries the IRSA role). */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
/** Name of the ClusterSecretStore that reads AWS Secrets Manager. */
export const CLUSTER_SECRET_STORE = "aws-secrets-manager";

/** Where a chart comes from and which version is pinned (from stack config). */
export interface ChartSource {
    /** Install the add-on. @default true */
    readonly enabled: boolean;
    /** Chart version, pinned per stack. Required when enabled. */
    readonly version?: string;
    /** Helm repository URL. */
    readonly repository: string;
}

/** The mesh-wide mTLS default: a PeerAuthentication named `default` in the Istio root namespace. */
export function meshWideStrictMtls() {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: ISTIO_NAMESPACE },
        spec: { mtls: { mode: "STRICT" } },
    };
}

/** istiod values: sidecars hold application traffic until the proxy is ready, and drain on shutdown. */
export function istiodValues(highAvailability: boolean) {
    return {
        pilot: {
            autoscaleMin: highAvailability ? 2 : 1,
            replicaCount: highAvailability ? 2 : 1,
            resources: { requests: { cpu: "500m", memory: "2Gi" } },
        },
        meshConfig: {
            defaultConfig: { holdApplicationUntilProxyStarts: true },
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
        },
        global: {
            proxy: {
                resources: {
                    requests: { cpu: "100m", memory: "128Mi" },
                    limits: { cpu: "1", memory: "512Mi" },
                },
            },
        },
    };
}

/** metrics-server values (the HPA reads cpu and memory from it). */
export function metricsServerValues(highAvailability: boolean) {
    return {
        replicas: highAvailability ? 2 : 1,
        podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
        resources: {
            requests: { cpu: "100m", memory: "200Mi" },
            limits: { cpu: "500m", memory: "400Mi" },
        },
    };
}

/** Vertical Pod Autoscaler values: recommender, updater and admission controller. */
export function vpaValues() {
    return {
        recommender: { enabled: true },
        updater: { enabled: true },
        admissionController: { enabled: true },
    };
}

/** External Secrets Operator values: CRDs installed, controller service account bound to its IRSA role. */
export function externalSecretsValues<T>(roleArn: T) {
    return {
        installCRDs: true,
        serviceAccount: {
            create: true,
            name: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
            annotations: { "eks.amazonaws.com/role-arn": roleArn },
        },
    };
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

/** The ClusterSecretStore for AWS Secrets Manager, authenticated with the controller's IRSA role. */
export function clusterSecretStore<T>(region: T) {
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: CLUSTER_SECRET_STORE },
        spec: {
            provider: secretsManagerProvider(region, {
                name: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
                namespace: EXTERNAL_SECRETS_NAMESPACE,
            }),
        },
    };
}
