import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import {
    createServiceAccountRole,
    OidcProvider,
    policyDocument,
    SECRET_READ_ACTIONS,
} from "../cluster/irsa";
import {
    ChartSource,
    EXTERNAL_SECRETS_NAMESPACE,
    EXTERNAL_SECRETS_SERVICE_ACCOUNT,
    ISTIO_NAMESPACE,
    clusterSecretStore,
    externalSecretsValues,
    istiodValues,
    meshWideStrictMtls,
    metricsServerValues,
    secretsArnPrefix,
    sharedSecretsArnPattern,
    vpaValues,
} from "./spec";

/** Arguments for {@link ClusterAddons}. */
export interface ClusterAddonsArgs {
    /** Kubernetes provider of the target cluster (from {@link Cluster.provider}). */
    readonly provider: k8s.Provider;
    /** The cluster's OIDC provider, for the External Secrets IRSA role. */
    readonly oidc: OidcProvider;
    /**
     * Run control-plane add-ons with two replicas and disruption budgets.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
    /** Istio base (CRDs) and istiod, plus the mesh-wide STRICT mTLS PeerAuthentication. */
    readonly istio: ChartSource;
    /** metrics-server, which the HorizontalPodAutoscaler needs. */
    readonly metricsServer: ChartSource;
    /** The Vertical Pod Autoscaler (recommender, updater, admission controller, CRDs). */
    readonly verticalPodAutoscaler: ChartSource;
    /** The Prometheus operator CRDs (ServiceMonitor, PrometheusRule). */
    readonly prometheusOperatorCrds: ChartSource;
    /** External Secrets Operator with an IRSA role limited to secrets under `secretsPrefix`. */
    readonly externalSecrets: ChartSource & {
        /** Secrets Manager name prefix the operator may read. */
        readonly secretsPrefix: string;
    };
}

/** Where services find Secrets Manager (for their own SecretStores and IRSA policies). */
export interface SecretsManagerTarget {
    readonly region: pulumi.Output<string>;
    /** `arn:aws:secretsmanager:<region>:<account>:secret:` */
    readonly arnPrefix: pulumi.Output<string>;
    /** Name prefix of the platform's secrets, e.g. `supply-chain/production`. */
    readonly pathPrefix: string;
}

/** Resources that custom resources of each add-on's CRDs must depend on. Empty when the add-on is off. */
export interface AddonReadiness {
    readonly istio: pulumi.Resource[];
    readonly prometheus: pulumi.Resource[];
    readonly verticalPodAutoscaler: pulumi.Resource[];
    readonly externalSecrets: pulumi.Resource[];
}

/**
 * Cluster services installed with Helm, each pinned to a chart version from stack config and each
 * switchable: Istio (mesh-wide STRICT mTLS), metrics-server, VPA, Prometheus operator CRDs and the
 * External Secrets Operator with a ClusterSecretStore for AWS Secrets Manager.
 *
 * Custom resources that need an add-on's CRDs must `dependsOn` {@link ClusterAddons.ready}; a first
 * `pulumi up` on a fresh cluster then installs the CRDs before any object that uses them.
 */
export class ClusterAddons extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:cluster:ClusterAddons";

    /** What custom resources of each add-on must depend on. */
    public readonly ready: AddonReadiness;
    /** ARN of the External Secrets Operator's IRSA role, when installed. */
    public readonly externalSecretsRoleArn?: pulumi.Output<string>;
    /** Secrets Manager coordinates for services, when External Secrets is installed. */
    public readonly secretsManager?: SecretsManagerTarget;

    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ClusterAddons.__pulumiType, name, {}, opts);
        const k8sOpts = { parent: this, provider: args.provider };
        const ha = args.highAvailability ?? false;
        const chart = (
            id: string,
            source: ChartSource,
            chartName: string,
            namespace: string,
            values: pulumi.Inputs,
            dependsOn: pulumi.Resource[] = [],
        ) =>
            new k8s.helm.v4.Chart(
                `${name}-${id}`,
                {
                    chart: chartName,
                    version: source.version,
                    namespace,
                    repositoryOpts: { repo: source.repository },
                    values,
                },
                { ...k8sOpts, dependsOn },
            );
        const ready: AddonReadiness = {
            istio: [],
            prometheus: [],
            verticalPodAutoscaler: [],
            externalSecrets: [],
        };

        if (args.istio.enabled) {
            const ns = new k8s.core.v1.Namespace(
                `${name}-istio-system`,
                { metadata: { name: ISTIO_NAMESPACE } },
                k8sOpts,
            );
            const base = chart(
                "istio-base",
                args.istio,
                "base",
                ISTIO_NAMESPACE,
                { defaultRevision: "default" },
                [ns],
            );
            const istiod = chart(
                "istiod",
                args.istio,
                "istiod",
                ISTIO_NAMESPACE,
                istiodValues(ha),
                [base],
            );
            const mtls = new k8s.apiextensions.CustomResource(
                `${name}-mesh-mtls`,
                meshWideStrictMtls(),
                { ...k8sOpts, dependsOn: [base, istiod] },
            );
            ready.istio.push(base, istiod, mtls);
        }
        if (args.metricsServer.enabled) {
            chart(
                "metrics-server",
                args.metricsServer,
                "metrics-server",
                "kube-system",
                metricsServerValues(ha),
            );
        }
        if (args.verticalPodAutoscaler.enabled) {
            ready.verticalPodAutoscaler.push(
                chart("vpa", args.verticalPodAutoscaler, "vpa", "kube-system", vpaValues()),
            );
        }
        if (args.prometheusOperatorCrds.enabled) {
            ready.prometheus.push(
                chart(
                    "prometheus-operator-crds",
                    args.prometheusOperatorCrds,
                    "prometheus-operator-crds",
                    "kube-system",
                    {},
                ),
            );
        }
        if (args.externalSecrets.enabled) {
            const region = aws.getRegionOutput({}, { parent: this }).region;
            const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
            const role = createServiceAccountRole(
                `${name}-external-secrets-irsa`,
                {
                    oidc: args.oidc,
                    namespace: EXTERNAL_SECRETS_NAMESPACE,
                    serviceAccountName: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
                    statements: [],
                },
                { parent: this },
            );
            new aws.iam.RolePolicy(
                `${name}-external-secrets-irsa-policy`,
                {
                    role: role.name,
                    policy: pulumi.all([region, account]).apply(([r, a]) =>
                        policyDocument([
                            {
                                actions: SECRET_READ_ACTIONS,
                                resources: [
                                    sharedSecretsArnPattern(
                                        r,
                                        a,
                                        args.externalSecrets.secretsPrefix,
                                    ),
                                ],
                            },
                        ]),
                    ),
                },
                { parent: this },
            );
            const ns = new k8s.core.v1.Namespace(
                `${name}-external-secrets`,
                { metadata: { name: EXTERNAL_SECRETS_NAMESPACE } },
                k8sOpts,
            );
            const eso = chart(
                "external-secrets",
                args.externalSecrets,
                "external-secrets",
                EXTERNAL_SECRETS_NAMESPACE,
                externalSecretsValues(role.arn),
                [ns],
            );
            const store = new k8s.apiextensions.CustomResource(
                `${name}-secret-store`,
                clusterSecretStore(region),
                { ...k8sOpts, dependsOn: [eso] },
            );
            ready.externalSecrets.push(eso, store);
            this.externalSecretsRoleArn = role.arn;
            this.secretsManager = {
                region,
                arnPrefix: pulumi.all([region, account]).apply(([r, a]) => secretsArnPrefix(r, a)),
                pathPrefix: args.externalSecrets.secretsPrefix,
            };
        }

        this.ready = ready;
        this.registerOutputs({ externalSecretsRoleArn: this.externalSecretsRoleArn });
    }
}
