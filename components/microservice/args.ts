/**
 * What a {@link Microservice} takes (its own file, so validation.ts can import it without a circle).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { SecretsManagerTarget } from "../addons/external-secrets";
import type { DatastoreWiring } from "../datastore/datastore";
import type { OidcProvider, PolicyStatement } from "../cluster/irsa";
import type { EgressHost } from "../internal/egress";
import type { WorkloadIdentity } from "../internal/labels";
import type { NodeScheduling } from "../internal/pod";
import type { AutoscalingArgs, RolloutAwait } from "./spec";
import type { DeliveryArgs } from "./delivery-args";

/** Arguments for {@link Microservice}. */
export interface MicroserviceArgs {
    /** Kubernetes provider of the target cluster ({@link Cluster.provider}). */
    readonly provider: k8s.Provider;
    /** Namespace to deploy into (created once, e.g. by {@link AppNamespace}). */
    readonly namespace: string;
    /** Container image pinned by a tag other than `latest` or by a digest. */
    readonly image: string;
    /**
     * Version label (`version`, `app.kubernetes.io/version`); Istio subsets route on it.
     *
     * @default - the image tag
     */
    readonly version?: string;
    /**
     * Fixed replica count; leave unset with `autoscaling`.
     *
     * @default {@link DEFAULT_SERVICE_REPLICAS} (3, the seed's count) when there is no autoscaling
     */
    readonly replicas?: number;
    /** HorizontalPodAutoscaler (autoscaling/v2). When set, the Deployment leaves `replicas` to the HPA. */
    readonly autoscaling?: AutoscalingArgs;
    /** Cpu and memory requests and limits (required: the policy pack rejects pods without them). */
    readonly resources: {
        readonly requests: { readonly cpu: string; readonly memory: string };
        readonly limits: {
            readonly cpu: string;
            readonly memory: string;
            readonly "nvidia.com/gpu"?: string;
        };
    };
    /**
     * Container ports; the Service exposes http on 80 and grpc on its own port.
     *
     * @default { http: 8080, grpc: 9090 }
     */
    readonly ports?: { readonly http: number; readonly grpc?: number };
    /**
     * HTTP probe paths; a startup probe is added when `startup` is set.
     *
     * @default { liveness: "/health", readiness: "/ready" }
     */
    readonly probes?: {
        readonly liveness: string;
        readonly readiness: string;
        readonly startup?: { readonly path: string; readonly failureThreshold: number };
    };
    /** Workloads allowed to call this one (NetworkPolicy ingress). @default [] */
    readonly callers?: readonly WorkloadIdentity[];
    /** Plain configuration: a ConfigMap mounted read-only at `configMountPath` and exposed as env. @default {} */
    readonly config?: Readonly<Record<string, string>>;
    /** Where the ConfigMap is mounted. @default "/app/config" (seed) */
    readonly configMountPath?: string;
    /**
     * Secret env vars from AWS Secrets Manager (`<pathPrefix>/<service>/<key>`), through an ExternalSecret
     * and a SecretStore bound to this service's own IAM role. Values never pass through Pulumi.
     *
     * @default {}
     */
    readonly secrets?: Readonly<
        Record<string, { readonly key: string; readonly property?: string }>
    >;
    /** Secrets Manager coordinates ({@link ClusterAddons.secretsManager}); required with `secrets`. */
    readonly secretsManager?: SecretsManagerTarget;
    /**
     * The service's own data stores ({@link Datastore.wiring}): their URLs arrive as env vars through an
     * ExternalSecret, and the IRSA role may read exactly their secrets. Needs `oidc` and `secretsManager`.
     *
     * @default - none
     */
    readonly storeWiring?: DatastoreWiring;
    /** IAM statements for the service's IRSA role (scoped; the config rejects wildcards without a reason). @default [] */
    readonly iamStatements?: readonly PolicyStatement[];
    /** The cluster's OIDC provider; required when the service gets an IAM role. */
    readonly oidc?: OidcProvider;
    /**
     * AWS region of the stack: the service's STS and AWS API endpoints are derived in it (see
     * {@link Microservice.egress}); required when the service gets an IAM role.
     */
    readonly region?: string;
    /**
     * Hosts outside the mesh the service calls besides the AWS endpoints derived from its IAM role and
     * its data stores (`storeWiring.egress`): declared external APIs.
     *
     * @default []
     */
    readonly egress?: readonly EgressHost[];
    /** Mount the service account token. @default false */
    readonly automountServiceAccountToken?: boolean;
    /**
     * Create a PodMonitor scraping Istio's merged metrics (needs the Prometheus operator CRDs).
     *
     * @default false
     */
    readonly monitoring?: boolean;
    /** Labels Prometheus selects monitors by (from the monitoring add-on). @default {} */
    readonly monitorLabels?: Readonly<Record<string, string>>;
    /** Seconds pods get to shut down. @default 30 */
    readonly terminationGracePeriodSeconds?: number;
    /**
     * How long `pulumi up` waits for the Deployment's rollout (the `pulumi.com/timeoutSeconds`
     * annotation) and its `progressDeadlineSeconds`, for pods that start slower than the defaults allow
     * (GPU model servers: components/ml-workload/await.ts).
     *
     * @default - pulumi-kubernetes' 10-minute await and Kubernetes' 600 s progress deadline
     */
    readonly rolloutAwait?: RolloutAwait;
    /** Seconds a terminating pod keeps serving while endpoints drain. @default 5 */
    readonly preStopSleepSeconds?: number;
    /** Tolerations and node affinity towards a node group (MLWorkload sets these). @default - none */
    readonly scheduling?: NodeScheduling;
    /** `app.kubernetes.io/component` label. @default "service" */
    readonly component?: string;
    /** Namespace of the monitoring stack (allowed to scrape). @default "monitoring" */
    readonly monitoringNamespace?: string;
    /** Namespace of the Istio control plane (allowed in). @default "istio-system" */
    readonly meshNamespace?: string;
    /**
     * Progressive delivery: the service runs as an Argo Rollouts `Rollout` (canary or blue-green, with
     * an AnalysisTemplate) instead of a Deployment. Needs the Argo Rollouts CRDs (`crds.argoRollouts`).
     *
     * @default - a Deployment with rolling updates
     */
    readonly delivery?: DeliveryArgs;
    /**
     * Resources every child waits for: the namespace and, in a meshed namespace, Istio's readiness
     * ({@link ClusterAddons.ready} `istio`: istiod with its sidecar injection webhook and the CNI node
     * agent). Istio's injection webhook only mutates pods created after it exists, so a pod created
     * earlier runs without a sidecar for its whole life (outside STRICT mTLS and authorization).
     * A component's own `dependsOn` does not reach its children, so this is an arg.
     *
     * @default []
     */
    readonly waitFor?: pulumi.Resource[];
    /** Resources that installed the CRDs this service's custom resources need. @default {} */
    readonly crds?: {
        readonly prometheus?: pulumi.Resource[];
        readonly externalSecrets?: pulumi.Resource[];
        readonly argoRollouts?: pulumi.Resource[];
    };
}
