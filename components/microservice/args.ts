/**
 * What a {@link Microservice} takes (its own file, so validation.ts can import it without a circle).
 */
import type { DatastoreWiring } from "../datastore/datastore";
import type { PolicyStatement } from "../cluster/irsa";
import type { EgressHost } from "../internal/egress";
import type { WorkloadIdentity } from "../internal/labels";
import type { NodeScheduling } from "../internal/pod";
import type { AutoscalingArgs, RolloutAwait } from "./spec";
import type { DeliveryArgs } from "./delivery-args";
import type { Platform } from "../platform/platform";

/**
 * What a service wants: its image, size, scaling, probes, configuration, secrets, IAM, callers and
 * delivery. Everything about the platform it runs on comes from {@link MicroserviceArgs.platform}.
 */
export interface MicroserviceIntent {
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
    /**
     * The service's own data stores ({@link Datastore.wiring}): their URLs arrive as env vars through an
     * ExternalSecret, and the IRSA role may read exactly their secrets. Needs `platform.secretsManager`.
     *
     * @default - none
     */
    readonly storeWiring?: DatastoreWiring;
    /** IAM statements for the service's IRSA role (scoped; the config rejects wildcards without a reason). @default [] */
    readonly iamStatements?: readonly PolicyStatement[];
    /**
     * Hosts outside the mesh the service calls besides the AWS endpoints derived from its IAM role and
     * its data stores (`storeWiring.egress`): declared external APIs.
     *
     * @default []
     */
    readonly egress?: readonly EgressHost[];
    /** Mount the service account token. @default false */
    readonly automountServiceAccountToken?: boolean;
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
    /**
     * Progressive delivery: the service runs as an Argo Rollouts `Rollout` (canary or blue-green, with
     * an AnalysisTemplate) instead of a Deployment. Needs the Argo Rollouts CRDs (`platform.crds.argoRollouts`).
     *
     * @default - a Deployment with rolling updates
     */
    readonly delivery?: DeliveryArgs;
}

/** Arguments for {@link Microservice}: the platform it runs on, and the service's intent. */
export interface MicroserviceArgs extends MicroserviceIntent {
    /**
     * The platform context ({@link createPlatform}): provider, application namespace, OIDC provider and
     * region (IRSA), Secrets Manager, monitoring (labels, Prometheus URL, readiness), Istio's readiness
     * and the add-ons' CRD readiness. Every child waits for `platform.mesh.ready`: Istio's injection
     * webhook only mutates pods created after it exists, so a pod created earlier would run without a
     * sidecar for its whole life (outside STRICT mTLS and authorization).
     */
    readonly platform: Platform;
}
