/**
 * A Platform context for component tests, from the few facts a test varies: no AppNamespace, no
 * add-ons, nothing registered. A fact the test did not give and the component reads throws, so a
 * test never passes on a silently missing value.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { AddonReadiness } from "../../components/addons";
import type { OidcProvider } from "../../components/cluster/irsa";
import type { NodeGroupScheduling } from "../../components/cluster/spec";
import { workloadIdentity, WorkloadIdentity } from "../../components/internal/labels";
import type {
    Platform,
    PlatformGateway,
    PlatformMonitoring,
    PlatformPodIdentity,
    PlatformSecrets,
} from "../../components/platform";
import type { MeshPolicyArgs } from "../../components/mesh-policy";
import type { MicroserviceIntent } from "../../components/microservice/args";
import type { MLWorkloadIntent } from "../../components/ml-workload";
import { ownValueOrThrow } from "../../lib/records";

/** What a test may say about the platform. */
export interface PlatformFacts {
    readonly provider: k8s.Provider;
    /** @default "supply-chain" */
    readonly namespace?: string;
    readonly namespaceResource?: pulumi.Resource;
    readonly oidc?: OidcProvider;
    /** @default {@link DEFAULT_POD_IDENTITY} */
    readonly podIdentity?: PlatformPodIdentity;
    /** @default "us-west-2" */
    readonly region?: string;
    readonly secretsManager?: PlatformSecrets;
    /** `true`: a monitoring stack with the selector labels `monitorLabels`. */
    readonly monitoring?: boolean | PlatformMonitoring;
    readonly monitorLabels?: Readonly<Record<string, string>>;
    /** What `platform.mesh.ready` holds. @default [] */
    readonly waitFor?: pulumi.Resource[];
    readonly crds?: Partial<AddonReadiness>;
    readonly nodeGroups?: Readonly<Record<string, NodeGroupScheduling>>;
    readonly gateway?: PlatformGateway;
    readonly trustDomain?: string;
    readonly admins?: readonly WorkloadIdentity[];
    readonly mlModelCrd?: pulumi.Resource;
}

const DEFAULT_OIDC: OidcProvider = {
    arn: "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A",
    url: "https://oidc.eks.x/id/A",
};

/** The cluster Pod Identity roles of test platforms name. */
export const DEFAULT_POD_IDENTITY: PlatformPodIdentity = {
    clusterName: "supply-chain-test",
    clusterArn: "arn:aws:eks:us-west-2:111122223333:cluster/supply-chain-test",
};

const missing = (what: string): never => {
    throw new Error(`the test platform has no ${what}`);
};

/** A platform context from test facts. */
export function testPlatform(f: PlatformFacts): Platform {
    const namespace = f.namespace ?? "supply-chain";
    const monitoring: PlatformMonitoring | undefined =
        f.monitoring === true
            ? {
                  ready: [],
                  selectorLabels: f.monitorLabels ?? {},
                  namespace: "monitoring",
                  dashboardLabel: { grafana_dashboard: "1" },
                  prometheusUrl: "http://prometheus.monitoring:9090",
              }
            : f.monitoring || undefined;
    return {
        provider: f.provider,
        namespace: {
            name: namespace,
            get component() {
                return f.namespaceResource ?? missing("namespace component");
            },
            get resource() {
                return f.namespaceResource ?? missing("namespace resource");
            },
        },
        oidc: f.oidc ?? DEFAULT_OIDC,
        podIdentity: f.podIdentity ?? DEFAULT_POD_IDENTITY,
        region: f.region ?? "us-west-2",
        nodeGroup: (name) => ({
            name,
            ...ownValueOrThrow(f.nodeGroups ?? {}, name, "cluster.nodeGroups"),
        }),
        mesh: {
            ready: f.waitFor ?? [],
            trustDomain: f.trustDomain ?? "cluster.local",
            admins: f.admins ?? [],
            namespace: "istio-system",
        },
        identity: (name) => workloadIdentity(name, namespace),
        monitoring,
        gateway: f.gateway,
        crds: {
            istio: [],
            nvidiaDevicePlugin: [],
            prometheus: [],
            verticalPodAutoscaler: [],
            externalSecrets: [],
            loadBalancerController: [],
            argoRollouts: [],
            ...f.crds,
        },
        secretsManager: f.secretsManager,
        mlModelCrd: () => f.mlModelCrd ?? missing("MLModel CRD"),
    };
}

/** The platform facts a test's flat args carry, and the args without them. */
const FACT_KEYS = [
    "provider",
    "namespace",
    "namespaceResource",
    "oidc",
    "region",
    "secretsManager",
    "monitoring",
    "monitorLabels",
    "waitFor",
    "crds",
    "nodeGroups",
    "gateway",
    "trustDomain",
    "admins",
    "mlModelCrd",
] as const;
type FactKey = (typeof FACT_KEYS)[number];

/**
 * Splits a test's flat args (platform facts beside the intent, as the tests describe a case) into the
 * `{ platform, ...intent }` a workload component takes.
 */
export function onPlatform<T extends PlatformFacts>(
    args: T,
): Omit<T, FactKey> & { platform: Platform } {
    const intent: Record<string, unknown> = { ...(args as object) };
    for (const k of FACT_KEYS) {
        delete intent[k];
    }
    return { ...(intent as Omit<T, FactKey>), platform: testPlatform(args) };
}

/** A Microservice test case: the service's intent beside the platform facts it varies. */
export type ServiceCase = MicroserviceIntent & PlatformFacts;
/** An MLWorkload test case. */
export type ModelCase = MLWorkloadIntent & PlatformFacts;
/** A MeshPolicy test case. */
export type MeshPolicyCase = Omit<MeshPolicyArgs, "platform"> & PlatformFacts;
