/**
 * The Platform context: the facts every workload needs about the platform it runs on, gathered once
 * from the {@link Cluster} and the {@link ClusterAddons}, so a workload component takes
 * `{ platform, ...intent }` and its args say only what the service wants.
 *
 * The same shape as the libraries we learn from: pulumi-eks passes its `Cluster` to every node group
 * (pulumi/pulumi-eks `nodejs/eks/nodegroup.ts`, `NodeGroupBaseOptions.cluster`), and EKS Blueprints
 * passes one `ClusterInfo` (cluster, provider, node groups, add-on contexts) to every add-on's
 * `deploy(clusterInfo)` (aws-quickstart/cdk-eks-blueprints `lib/spi/types.ts`, `ClusterInfo`;
 * `lib/spi/addon-contract.ts`, `ClusterAddOn`).
 *
 * The context is not a resource: it has no URN, and the one object it creates (the application
 * namespace, and the MLModel CRD when a model server asks for it) keeps the name and the stack-root
 * parent it always had, so building the platform through it replaces nothing.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { AddonReadiness, ClusterAddons } from "../addons";
import type { OidcProvider } from "../cluster/irsa";
import type { NodeGroupScheduling } from "../cluster/spec";
import { WorkloadIdentity, workloadIdentity } from "../internal/labels";
import { AppNamespace } from "../microservice/namespace";
import { MLModelCrd } from "../ml-workload/crd";
import { ownValueOrThrow } from "../../lib/records";

/** The monitoring stack, as workloads see it ({@link ClusterAddons.monitoring}). */
export type PlatformMonitoring = NonNullable<ClusterAddons["monitoring"]>;
/** The ingress gateway, as routes and exposed services see it ({@link ClusterAddons.ingress}). */
export type PlatformGateway = NonNullable<ClusterAddons["ingress"]>;
/** The cluster as Pod Identity names it ({@link ClusterAddons.podIdentity}). */
export type PlatformPodIdentity = ClusterAddons["podIdentity"];
/** Where services' secrets live ({@link ClusterAddons.secretsManager}). */
export type PlatformSecrets = NonNullable<ClusterAddons["secretsManager"]>;

/** The platform a workload runs on. Built once by {@link createPlatform}; workloads only read it. */
export interface Platform {
    /** Kubernetes provider of the cluster. */
    readonly provider: k8s.Provider;
    /**
     * The application namespace: its name, the component creating it (workload components depend on
     * it) and the Namespace object itself (children in it wait for it).
     */
    readonly namespace: {
        readonly name: string;
        readonly component: pulumi.Resource;
        readonly resource: pulumi.Resource;
    };
    /** The cluster's OIDC provider (IRSA roles trust it). */
    readonly oidc: OidcProvider;
    /** The cluster as EKS Pod Identity roles and associations name it (workload roles use it). */
    readonly podIdentity: PlatformPodIdentity;
    /** AWS region of the stack (STS and AWS API endpoints are derived in it). */
    readonly region: string;
    /** A node group's scheduling facts by name; throws naming `cluster.nodeGroups` when unknown. */
    nodeGroup(name: string): NodeGroupScheduling & { readonly name: string };
    readonly mesh: {
        /**
         * What every injected pod waits for: the application namespace and Istio's readiness (CRDs,
         * CNI node agent, istiod with its injection webhook, the mesh mTLS default).
         */
        readonly ready: pulumi.Resource[];
        /** SPIFFE trust domain of the mesh's identities. */
        readonly trustDomain: string;
        /** Identities allowed to administer every workload (mesh admin service account), if any. */
        readonly admins: readonly WorkloadIdentity[];
        /** Namespace of the Istio control plane. */
        readonly namespace: string;
    };
    /** Identity of a workload of the application namespace, by name. */
    identity(name: string): WorkloadIdentity;
    /** The monitoring stack, when installed. */
    readonly monitoring?: PlatformMonitoring;
    /** The ingress gateway, when installed. */
    readonly gateway?: PlatformGateway;
    /** What custom resources of each add-on's CRDs wait for ({@link ClusterAddons.ready}). */
    readonly crds: AddonReadiness;
    /** Secrets Manager coordinates, when External Secrets is installed. */
    readonly secretsManager?: PlatformSecrets;
    /** The MLModel CRD, created on first use (only stacks with model servers carry it). */
    mlModelCrd(): pulumi.Resource;
}

/** What {@link createPlatform} takes besides the cluster and its add-ons. */
export interface PlatformArgs {
    /** Name of the application namespace. */
    readonly namespace: string;
    /** AWS region of the stack. */
    readonly region: string;
    /**
     * SPIFFE trust domain of the mesh.
     *
     * @default "cluster.local"
     */
    readonly trustDomain?: string;
    /**
     * A service account (in the application namespace) allowed to administer every workload.
     *
     * @default - none
     */
    readonly adminServiceAccount?: string;
}

/** The parts of a {@link Cluster} the platform context reads. */
export interface PlatformCluster {
    readonly provider: k8s.Provider;
    readonly oidc: OidcProvider;
    readonly nodeGroups: Readonly<Record<string, NodeGroupScheduling>>;
}

/** The parts of {@link ClusterAddons} the platform context reads (its public outputs). */
export type PlatformAddons = Pick<
    ClusterAddons,
    "ready" | "monitoring" | "ingress" | "secretsManager" | "podIdentity"
>;

/** Istio's control plane namespace (the Istio chart's default, which the add-on keeps). */
const MESH_NAMESPACE = "istio-system";

/**
 * Builds the platform context once per stack: creates the application namespace (`AppNamespace`
 * named `namespaceResourceName`, injected, after Istio) and gathers the rest from the cluster and the
 * add-ons' public outputs.
 */
export function createPlatform(
    cluster: PlatformCluster,
    addons: PlatformAddons,
    args: PlatformArgs,
    namespaceResourceName = "apps",
): Platform {
    // Injected pods need the Istio CNI node agent and istiod's injector before they start, so the
    // namespace and every object in it wait for them (see components/microservice/README.md).
    const namespace = new AppNamespace(namespaceResourceName, {
        provider: cluster.provider,
        name: args.namespace,
        mesh: addons.ready.istio,
    });
    const identity = (name: string) => workloadIdentity(name, args.namespace);
    let crd: MLModelCrd | undefined;
    return {
        provider: cluster.provider,
        namespace: {
            name: namespace.namespaceName,
            component: namespace,
            resource: namespace.namespace,
        },
        oidc: cluster.oidc,
        podIdentity: addons.podIdentity,
        region: args.region,
        nodeGroup: (name) => ({
            name,
            ...ownValueOrThrow(cluster.nodeGroups, name, "cluster.nodeGroups"),
        }),
        mesh: {
            ready: [namespace.namespace, ...addons.ready.istio],
            trustDomain: args.trustDomain ?? "cluster.local",
            admins: args.adminServiceAccount ? [identity(args.adminServiceAccount)] : [],
            namespace: MESH_NAMESPACE,
        },
        identity,
        monitoring: addons.monitoring,
        gateway: addons.ingress,
        crds: addons.ready,
        secretsManager: addons.secretsManager,
        mlModelCrd: () => {
            crd ??= new MLModelCrd("ml-models", { provider: cluster.provider });
            return crd.crd;
        },
    };
}
