import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { eksClusterArn } from "../../lib/aws/pod-identity";

import { OidcProvider } from "../cluster/irsa";
import type { NodeGroupScheduling } from "../cluster/spec";
import { argoRolloutsAddon } from "./argo-rollouts/addon";
import { ChartSource } from "./core/chart";
import type { Addon, AddonInstall } from "./core/contract";
import { AddonFacts, installAddons } from "./core/install";
import { externalSecretsAddon } from "./external-secrets/addon";
import { SecretsManagerTarget } from "./external-secrets/external-secrets";
import { ingressGatewayAddon } from "./ingress-gateway/addon";
import { IngressGatewayInfo, IngressGatewaySettings } from "./ingress-gateway/ingress-gateway";
import { istioAddon } from "./istio/addon";
import { awsLoadBalancerControllerAddon } from "./load-balancer-controller/addon";
import { loggingAddon } from "./logging/addon";
import { LoggingInstall } from "./logging/logging";
import { monitoringAddon } from "./monitoring/addon";
import { MonitoringArgs, MonitoringInstall } from "./monitoring/monitoring";
import { nvidiaDevicePluginAddon } from "./nvidia-device-plugin/addon";
import { AddonSettings, INSTALL_ORDER } from "./registry";
import { verticalPodAutoscalerAddon } from "./vpa/addon";

/**
 * Arguments for {@link ClusterAddons}: the cluster's facts, then each registered add-on's settings
 * under its name ({@link AddonSettings}, so a newly registered add-on's settings are accepted without
 * a change here; the fields below document the existing ones).
 */
export interface ClusterAddonsArgs extends AddonSettings {
    /** Kubernetes provider of the target cluster (from {@link Cluster.provider}). */
    readonly provider: k8s.Provider;
    /** The cluster's OIDC provider, for the add-ons' IRSA roles. */
    readonly oidc: OidcProvider;
    /** Name of the EKS cluster (EKS managed add-ons, the container log group, the load balancer controller). */
    readonly clusterName: pulumi.Input<string>;
    /** VPC of the cluster (the load balancer controller's `--aws-vpc-id`). */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Run control-plane add-ons with two replicas and disruption budgets.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
    /**
     * The cluster's node groups ({@link Cluster.nodeGroups}): the NVIDIA device plugin runs on the GPU
     * ones, with their labels and taints; Cluster Autoscaler may scale the ones with a
     * `nodeGroupName` (the EKS name) and only those.
     *
     * @default {}
     */
    readonly nodeGroups?: Readonly<
        Record<string, NodeGroupScheduling & { readonly nodeGroupName?: pulumi.Input<string> }>
    >;
    /**
     * What makes pods runnable ({@link Cluster.nodesReady}: the node groups and coredns). EKS managed
     * add-ons that run pods (the EBS CSI driver) wait for them: the add-on's controller cannot be
     * scheduled on a cluster without nodes, so the add-on stays `DEGRADED` and its creation times out.
     * Kubernetes objects need no such list: the provider already waits for the nodes.
     *
     * @default []
     */
    readonly nodesReady?: pulumi.Resource[];
    /**
     * Istio base (CRDs), the CNI node agent and istiod (injecting for CNI), plus the mesh-wide STRICT
     * mTLS PeerAuthentication. One version for all three charts.
     */
    readonly istio: ChartSource;
    /**
     * The mesh's SPIFFE trust domain, set in istiod's `meshConfig.trustDomain` (the one the mesh
     * policies' principals name).
     *
     * @default "cluster.local"
     */
    readonly trustDomain?: string;
    /** metrics-server, which the HorizontalPodAutoscaler needs. */
    readonly metricsServer: ChartSource;
    /** The Vertical Pod Autoscaler (recommender, updater, admission controller, CRDs). */
    readonly verticalPodAutoscaler: ChartSource;
    /** Cluster Autoscaler, which scales the managed node groups within their min and max sizes. */
    readonly clusterAutoscaler: ChartSource & {
        /** Autoscaler image tag; it must match the cluster's Kubernetes minor. @default the chart's */
        readonly imageTag?: string;
    };
    /** The NVIDIA device plugin, on every GPU node group (nothing without one). */
    readonly nvidiaDevicePlugin: ChartSource;
    /** External Secrets Operator with an IRSA role limited to secrets under `secretsPrefix`. */
    readonly externalSecrets: ChartSource & {
        /** Secrets Manager name prefix the operator may read. */
        readonly secretsPrefix: string;
    };
    /**
     * kube-prometheus-stack (operator and CRDs, Prometheus, Alertmanager, Grafana, kube-state-metrics,
     * node-exporter). Needs `ebsCsiDriver` (volumes) and `externalSecrets` (credentials).
     */
    readonly monitoring: MonitoringArgs["source"];
    /** prometheus-adapter, serving Pods metrics for the HPA from Prometheus. */
    readonly prometheusAdapter: ChartSource;
    /** The EBS CSI driver (EKS managed add-on, pinned version) and the default gp3 StorageClass. */
    readonly ebsCsiDriver: { readonly enabled: boolean; readonly version?: string };
    /** Fluent Bit shipping container logs to CloudWatch Logs, with the group's retention in days. */
    readonly logging: ChartSource & { readonly retentionDays: number };
    /** The OpenTelemetry collector (to AWS X-Ray) and the mesh-wide tracing sample rate. */
    readonly tracing: ChartSource & { readonly samplingPercent: number };
    /** AWS Load Balancer Controller with an IRSA role (upstream policy scoped to this cluster). */
    readonly awsLoadBalancerController: ChartSource;
    /**
     * The Istio ingress gateway (chart versioned with `istio`) behind a load balancer; needs `istio`
     * and `awsLoadBalancerController`.
     *
     * @default - no ingress gateway
     */
    readonly ingressGateway?: IngressGatewaySettings;
    /**
     * Argo Rollouts, the progressive delivery controller for services that declare `delivery`.
     *
     * @default - not installed
     */
    readonly argoRollouts?: ChartSource;
}

/** Resources that custom resources of each add-on's CRDs must depend on. Empty when the add-on is off. */
export interface AddonReadiness {
    /** Istio's CRDs, the CNI node agent, istiod and the mesh mTLS default: injected pods wait for these. */
    readonly istio: pulumi.Resource[];
    /** The NVIDIA device plugin releases: GPU workloads wait for these. */
    readonly nvidiaDevicePlugin: pulumi.Resource[];
    readonly prometheus: pulumi.Resource[];
    readonly verticalPodAutoscaler: pulumi.Resource[];
    readonly externalSecrets: pulumi.Resource[];
    /** The load balancer controller (a Service of type LoadBalancer must wait for it). */
    readonly loadBalancerController: pulumi.Resource[];
    /** The Argo Rollouts chart (Rollout and AnalysisTemplate CRDs, controller). */
    readonly argoRollouts: pulumi.Resource[];
}

/**
 * Cluster services installed with Helm (and one EKS managed add-on), each pinned to a version from
 * stack config and each switchable. One folder per add-on under `components/addons/`, each an
 * {@link Addon} in the registry (`registry.ts`); this component builds the shared context once (the
 * region, account and partition are looked up here and nowhere else) and installs the registry in
 * dependency order: Istio with its CNI node agent (mesh-wide STRICT mTLS), metrics-server, VPA, Cluster
 * Autoscaler, the NVIDIA device plugin on GPU node groups, the External Secrets Operator with a
 * ClusterSecretStore for AWS Secrets Manager, the EBS CSI driver, monitoring (kube-prometheus-stack and
 * prometheus-adapter), logging (Fluent Bit to CloudWatch Logs), tracing (OpenTelemetry to X-Ray), the
 * AWS Load Balancer Controller and the Istio ingress gateway behind its load balancer, and progressive
 * delivery (Argo Rollouts). Every add-on's children are children of this component, with the names
 * they always had.
 *
 * Custom resources that need an add-on's CRDs must `dependsOn` {@link ClusterAddons.ready}; a first
 * `pulumi up` on a fresh cluster then installs the CRDs before any object that uses them.
 */
/** The cluster as EKS Pod Identity roles (trust) and associations (cluster name) name it. */
export interface PodIdentityTarget {
    /** Name of the EKS cluster: an association's `clusterName`. */
    readonly clusterName: pulumi.Input<string>;
    /** ARN of the EKS cluster: a role's `aws:RequestTag/eks-cluster-arn` trust condition. */
    readonly clusterArn: pulumi.Input<string>;
}

export class ClusterAddons extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:cluster:ClusterAddons";

    /** What custom resources of each add-on must depend on. */
    public readonly ready: AddonReadiness;
    /** ARN of the External Secrets Operator's IRSA role, when installed. */
    public readonly externalSecretsRoleArn?: pulumi.Output<string>;
    /** Secrets Manager coordinates for services, when External Secrets is installed. */
    public readonly secretsManager?: SecretsManagerTarget;
    /** The monitoring stack (selector labels, namespace), when installed. */
    public readonly monitoring?: MonitoringInstall;
    /** The container log group and Fluent Bit's role, when logging is installed. */
    public readonly logging?: LoggingInstall;
    /** The ingress gateway, when installed. */
    public readonly ingress?: IngressGatewayInfo;
    /** The cluster as EKS Pod Identity roles and associations name it. */
    public readonly podIdentity: PodIdentityTarget;

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
        const invoke = { parent: this };
        const facts: AddonFacts = {
            name,
            parent: this,
            provider: args.provider,
            clusterName: args.clusterName,
            vpcId: args.vpcId,
            region: aws.getRegionOutput({}, invoke).region,
            accountId: aws.getCallerIdentityOutput({}, invoke).accountId,
            partition: aws.getPartitionOutput({}, invoke).partition,
            oidc: args.oidc,
            nodeGroups: args.nodeGroups ?? {},
            nodesReady: args.nodesReady ?? [],
            highAvailability: args.highAvailability ?? false,
            trustDomain: args.trustDomain,
        };
        const settings: AddonSettings = args;
        const byName = new Map<string, unknown>(
            INSTALL_ORDER.map((addon) => [addon.name, settings[addon.name]]),
        );
        const results = installAddons(INSTALL_ORDER, facts, (addon) => byName.get(addon));
        const result = <O>(addon: Addon<never, O>): AddonInstall<O> =>
            (results.get(addon.name) as AddonInstall<O> | undefined) ?? { ready: [] };

        const eso = result(externalSecretsAddon).outputs;
        const monitoring = result(monitoringAddon);
        this.ready = {
            istio: result(istioAddon).ready,
            nvidiaDevicePlugin: result(nvidiaDevicePluginAddon).ready,
            prometheus: monitoring.ready,
            verticalPodAutoscaler: result(verticalPodAutoscalerAddon).ready,
            externalSecrets: result(externalSecretsAddon).ready,
            loadBalancerController: result(awsLoadBalancerControllerAddon).ready,
            argoRollouts: result(argoRolloutsAddon).ready,
        };
        this.externalSecretsRoleArn = eso?.roleArn;
        this.secretsManager = eso?.secretsManager;
        this.monitoring = monitoring.outputs;
        this.logging = result(loggingAddon).outputs;
        this.ingress = result(ingressGatewayAddon).outputs;
        this.podIdentity = {
            clusterName: args.clusterName,
            clusterArn: pulumi
                .all([facts.partition, facts.region, facts.accountId, args.clusterName])
                .apply(([p, r, account, cluster]) => eksClusterArn(p, r, account, cluster)),
        };
        this.registerOutputs({ externalSecretsRoleArn: this.externalSecretsRoleArn });
    }
}
