import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { OidcProvider } from "../cluster/irsa";
import { AddonScope, ChartSource } from "./chart";
import { installExternalSecrets, SecretsManagerTarget } from "./external-secrets";
import {
    IngressGatewayInfo,
    IngressGatewaySettings,
    installIngressGateway,
} from "./ingress-gateway";
import { installIstio } from "./istio";
import { installLoadBalancerController } from "./load-balancer-controller";
import { installMetricsServer } from "./metrics-server";
import { installPrometheusOperatorCrds } from "./prometheus-operator-crds";
import { installVerticalPodAutoscaler } from "./vpa";

/** Arguments for {@link ClusterAddons}. */
export interface ClusterAddonsArgs {
    /** Kubernetes provider of the target cluster (from {@link Cluster.provider}). */
    readonly provider: k8s.Provider;
    /** The cluster's OIDC provider, for the IRSA roles of External Secrets and the load balancer controller. */
    readonly oidc: OidcProvider;
    /** The EKS cluster's name and VPC (the load balancer controller's `--cluster-name` and `--aws-vpc-id`). */
    readonly cluster: {
        readonly name: pulumi.Input<string>;
        readonly vpcId: pulumi.Input<string>;
    };
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
    /** AWS Load Balancer Controller with an IRSA role (upstream policy scoped to this cluster). */
    readonly awsLoadBalancerController: ChartSource;
    /**
     * The Istio ingress gateway (chart versioned with `istio`) behind a load balancer; needs `istio`
     * and `awsLoadBalancerController`.
     *
     * @default - no ingress gateway
     */
    readonly ingressGateway?: IngressGatewaySettings;
}

/** Resources that custom resources of each add-on's CRDs must depend on. Empty when the add-on is off. */
export interface AddonReadiness {
    readonly istio: pulumi.Resource[];
    readonly prometheus: pulumi.Resource[];
    readonly verticalPodAutoscaler: pulumi.Resource[];
    readonly externalSecrets: pulumi.Resource[];
    /** The load balancer controller (a Service of type LoadBalancer must wait for it). */
    readonly loadBalancerController: pulumi.Resource[];
}

/**
 * Cluster services installed with Helm, each pinned to a chart version from stack config and each
 * switchable. One file per add-on under `components/addons/`; this component only composes them:
 * Istio (mesh-wide STRICT mTLS), metrics-server, VPA, Prometheus operator CRDs, the External
 * Secrets Operator with a ClusterSecretStore for AWS Secrets Manager, the AWS Load Balancer
 * Controller and the Istio ingress gateway behind its load balancer.
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
    /** The ingress gateway, when installed. */
    public readonly ingress?: IngressGatewayInfo;

    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ClusterAddons.__pulumiType, name, {}, opts);
        if (
            args.ingressGateway &&
            (!args.istio.enabled || !args.awsLoadBalancerController.enabled)
        ) {
            throw new pulumi.ResourceError(
                "ClusterAddons: `ingressGateway` needs `istio.enabled` and `awsLoadBalancerController.enabled`",
                this,
            );
        }
        const scope: AddonScope = { name, parent: this, provider: args.provider };
        const highAvailability = args.highAvailability ?? false;

        const istio = installIstio(scope, { source: args.istio, highAvailability });
        installMetricsServer(scope, { source: args.metricsServer, highAvailability });
        const vpa = installVerticalPodAutoscaler(scope, { source: args.verticalPodAutoscaler });
        const prometheus = installPrometheusOperatorCrds(scope, {
            source: args.prometheusOperatorCrds,
        });
        const eso = installExternalSecrets(scope, {
            source: args.externalSecrets,
            oidc: args.oidc,
        });

        const loadBalancerController = installLoadBalancerController(scope, {
            source: args.awsLoadBalancerController,
            oidc: args.oidc,
            clusterName: args.cluster.name,
            vpcId: args.cluster.vpcId,
            highAvailability,
        });
        if (args.ingressGateway) {
            this.ingress = installIngressGateway(scope, {
                ...args.ingressGateway,
                source: args.istio,
                istio,
                loadBalancerController,
            });
        }

        this.ready = {
            istio,
            prometheus,
            verticalPodAutoscaler: vpa,
            externalSecrets: eso?.ready ?? [],
            loadBalancerController,
        };
        this.externalSecretsRoleArn = eso?.roleArn;
        this.secretsManager = eso?.secretsManager;
        this.registerOutputs({ externalSecretsRoleArn: this.externalSecretsRoleArn });
    }
}
