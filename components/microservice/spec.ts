/**
 * Pure builders for the Microservice component: every Kubernetes object spec, testable without mocks.
 */
import { podIdentityMeshBypass } from "../identity/mesh";
import { secretsReaderAccount } from "../internal/derived-names";
import { storeSecretName } from "../datastore/spec";
import {
    PART_OF,
    selectorLabels,
    TRACK_LABEL,
    TRACKS,
    WorkloadIdentity,
    workloadLabels,
} from "../internal/labels";
import { ResolvedDelivery, workloadRef } from "./delivery-args";
import { ISTIO_MERGED_METRICS_PORT } from "./metrics-port";
import {
    containerSecurityContext,
    NodeScheduling,
    podAntiAffinity,
    podSecurityContext,
    probes,
    zoneSpread,
} from "../internal/pod";

/** Autoscaling of a service (HPA autoscaling/v2). */
export interface AutoscalingArgs {
    /** Lowest replica count; also the floor the PodDisruptionBudget is sized for. */
    readonly minReplicas: number;
    /** Highest replica count (>= minReplicas). */
    readonly maxReplicas: number;
    /** Target average cpu utilisation, percent. @default 70 (seed) */
    readonly cpuUtilization?: number;
    /** Target average memory utilisation, percent. @default 80 (seed) */
    readonly memoryUtilization?: number;
    /** Target of the custom pods metric `http_requests_per_second` per pod (seed: 100). Off when unset. */
    readonly requestsPerSecond?: number;
    /**
     * Scale on cpu and memory utilisation. Turn off when a VPA in Auto mode sizes the pods (they would fight).
     *
     * @default true
     */
    readonly resourceMetrics?: boolean;
}

/** Everything the builders need, with defaults resolved. */
export interface ResolvedMicroservice {
    readonly name: string;
    readonly namespace: string;
    readonly image: string;
    readonly version: string;
    /** Component label (`service` or `model-server`). */
    readonly component: string;
    readonly replicas: number;
    readonly autoscaling?: Required<Omit<AutoscalingArgs, "requestsPerSecond">> & {
        requestsPerSecond?: number;
    };
    readonly resources: {
        requests: { cpu: string; memory: string };
        limits: { cpu: string; memory: string; "nvidia.com/gpu"?: string };
    };
    readonly ports: { http: number; grpc?: number };
    readonly probes: {
        liveness: string;
        readiness: string;
        startup?: { path: string; failureThreshold: number };
    };
    readonly callers: readonly WorkloadIdentity[];
    readonly config: Readonly<Record<string, string>>;
    readonly configMountPath: string;
    readonly secretEnv: readonly string[];
    /** Env vars delivered from the service's data stores (`DATABASE_URL`, `REDIS_URL`). */
    readonly storeEnv: readonly string[];
    readonly automountServiceAccountToken: boolean;
    /** The pods call AWS with their own role through EKS Pod Identity (the service has IAM statements). */
    readonly podIdentity: boolean;
    readonly terminationGracePeriodSeconds: number;
    readonly preStopSleepSeconds: number;
    readonly scheduling?: NodeScheduling;
    readonly monitoringNamespace: string;
    readonly meshNamespace: string;
    /** Progressive delivery: the service runs as a Rollout. */
    readonly delivery?: ResolvedDelivery;
    /** A longer await and progress deadline for slow-starting pods. */
    readonly rolloutAwait?: RolloutAwait;
}

/**
 * The annotation pulumi-kubernetes reads as the await timeout of the object it is on, after the
 * resource's custom timeouts (`TimeoutDuration` in provider/pkg/metadata/overrides.go,
 * pulumi/pulumi-kubernetes v4.32.0).
 */
export const AWAIT_TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";

/** A Deployment's await timeout and progress deadline, in seconds. */
export interface RolloutAwait {
    /** `pulumi.com/timeoutSeconds`: how long `pulumi up` waits for the whole rollout. */
    readonly timeoutSeconds: number;
    /** `spec.progressDeadlineSeconds`: the longest stretch without a new ready pod. */
    readonly progressDeadlineSeconds: number;
}

/** Metadata of an object of the service: its name, namespace and recommended labels. */
export const meta = (r: ResolvedMicroservice, name = r.name) => ({
    name,
    namespace: r.namespace,
    labels: workloadLabels(r.name, r.version, r.component),
});

/** Names of the objects a service creates in Kubernetes (also what other objects refer to). */
export function objectNames(name: string) {
    return {
        deployment: name,
        service: name,
        serviceAccount: name,
        secretsReader: secretsReaderAccount(name),
        config: `${name}-config`,
        secrets: `${name}-secrets`,
        secretStore: `${name}-secrets`,
        datastores: storeSecretName(name),
    };
}

/**
 * The pods' ServiceAccount; token automount off unless asked. It carries no role annotation: the pods'
 * own role (when the service has IAM statements) comes through EKS Pod Identity, whose association
 * names this account.
 */
export function buildServiceAccount(r: ResolvedMicroservice) {
    return {
        metadata: meta(r, objectNames(r.name).serviceAccount),
        automountServiceAccountToken: r.automountServiceAccountToken,
    };
}

/** The ConfigMap of plain config values. */
export function buildConfigMap(r: ResolvedMicroservice) {
    return { metadata: meta(r, objectNames(r.name).config), data: { ...r.config } };
}

function container(r: ResolvedMicroservice) {
    const names = objectNames(r.name);
    const hasConfig = Object.keys(r.config).length > 0;
    return {
        name: r.name,
        image: r.image,
        imagePullPolicy: "IfNotPresent",
        ports: [
            { name: "http", containerPort: r.ports.http, protocol: "TCP" },
            ...(r.ports.grpc
                ? [{ name: "grpc", containerPort: r.ports.grpc, protocol: "TCP" }]
                : []),
        ],
        ...(hasConfig ? { envFrom: [{ configMapRef: { name: names.config } }] } : {}),
        ...(r.secretEnv.length + r.storeEnv.length > 0
            ? {
                  env: [
                      ...r.secretEnv.map((env) => ({
                          name: env,
                          valueFrom: { secretKeyRef: { name: names.secrets, key: env } },
                      })),
                      ...r.storeEnv.map((env) => ({
                          name: env,
                          valueFrom: { secretKeyRef: { name: names.datastores, key: env } },
                      })),
                  ],
              }
            : {}),
        resources: { requests: { ...r.resources.requests }, limits: { ...r.resources.limits } },
        ...probes(r.probes),
        lifecycle: { preStop: { sleep: { seconds: r.preStopSleepSeconds } } },
        securityContext: containerSecurityContext(),
        volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            ...(hasConfig
                ? [{ name: "config", mountPath: r.configMountPath, readOnly: true }]
                : []),
        ],
    };
}

/**
 * The Deployment: rolling updates that drop no requests (surge 1, unavailable 0, preStop delay), secure
 * pods, spread over nodes and zones, Prometheus annotations. With autoscaling, `replicas` is left out so
 * `pulumi up` never resets the count the HPA chose. Its pods carry `track: stable`, which the mesh's
 * `stable` subset selects: old and new pods of a rolling update both match it.
 */
export function buildDeployment(r: ResolvedMicroservice) {
    const selector = selectorLabels(r.name);
    const labels = {
        ...workloadLabels(r.name, r.version, r.component),
        [TRACK_LABEL]: TRACKS.stable,
    };
    const slow = r.rolloutAwait;
    return {
        metadata: {
            ...meta(r, objectNames(r.name).deployment),
            ...(slow
                ? { annotations: { [AWAIT_TIMEOUT_ANNOTATION]: String(slow.timeoutSeconds) } }
                : {}),
        },
        spec: {
            ...(r.autoscaling ? {} : { replicas: r.replicas }),
            ...(slow ? { progressDeadlineSeconds: slow.progressDeadlineSeconds } : {}),
            revisionHistoryLimit: 5,
            selector: { matchLabels: selector },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
            template: {
                metadata: {
                    labels,
                    annotations: {
                        "prometheus.io/scrape": "true",
                        "prometheus.io/port": String(r.ports.http),
                        "prometheus.io/path": "/metrics",
                        ...(r.podIdentity ? podIdentityMeshBypass() : {}),
                    },
                },
                spec: {
                    serviceAccountName: objectNames(r.name).serviceAccount,
                    automountServiceAccountToken: r.automountServiceAccountToken,
                    terminationGracePeriodSeconds: r.terminationGracePeriodSeconds,
                    securityContext: podSecurityContext(),
                    affinity: {
                        ...podAntiAffinity(selector),
                        ...(r.scheduling?.nodeAffinity
                            ? { nodeAffinity: r.scheduling.nodeAffinity }
                            : {}),
                    },
                    topologySpreadConstraints: zoneSpread(selector),
                    ...(r.scheduling?.tolerations.length
                        ? { tolerations: r.scheduling.tolerations }
                        : {}),
                    containers: [container(r)],
                    volumes: [
                        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                        ...(Object.keys(r.config).length > 0
                            ? [{ name: "config", configMap: { name: objectNames(r.name).config } }]
                            : []),
                    ],
                },
            },
        },
    };
}

/**
 * The ClusterIP Service with named ports (`http`, `grpc`) so Istio detects the protocols; `name` names
 * a second Service over the same pods (a blue-green preview).
 */
export function buildService(r: ResolvedMicroservice, name = objectNames(r.name).service) {
    return {
        metadata: meta(r, name),
        spec: {
            type: "ClusterIP",
            selector: selectorLabels(r.name),
            ports: [
                {
                    name: "http",
                    port: 80,
                    targetPort: "http",
                    protocol: "TCP",
                    appProtocol: "http",
                },
                ...(r.ports.grpc
                    ? [
                          {
                              name: "grpc",
                              port: r.ports.grpc,
                              targetPort: "grpc",
                              protocol: "TCP",
                              appProtocol: "grpc",
                          },
                      ]
                    : []),
            ],
        },
    };
}

/**
 * The HPA (autoscaling/v2) with the seed's scale-up and scale-down behaviour, scaling the workload the
 * service runs (its Rollout with delivery, else its Deployment).
 */
export function buildHpa(r: ResolvedMicroservice) {
    const a = r.autoscaling!;
    const utilization = (name: string, value: number) => ({
        type: "Resource",
        resource: { name, target: { type: "Utilization", averageUtilization: value } },
    });
    return {
        metadata: meta(r),
        spec: {
            scaleTargetRef: workloadRef(objectNames(r.name).deployment, r.delivery),
            minReplicas: a.minReplicas,
            maxReplicas: a.maxReplicas,
            metrics: [
                ...(a.resourceMetrics
                    ? [
                          utilization("cpu", a.cpuUtilization),
                          utilization("memory", a.memoryUtilization),
                      ]
                    : []),
                ...(a.requestsPerSecond !== undefined
                    ? [
                          {
                              type: "Pods",
                              pods: {
                                  metric: { name: "http_requests_per_second" },
                                  target: {
                                      type: "AverageValue",
                                      averageValue: String(a.requestsPerSecond),
                                  },
                              },
                          },
                      ]
                    : []),
            ],
            behavior: {
                scaleUp: {
                    stabilizationWindowSeconds: 60,
                    policies: [
                        { type: "Percent", value: 100, periodSeconds: 15 },
                        { type: "Pods", value: 4, periodSeconds: 15 },
                    ],
                    selectPolicy: "Max",
                },
                scaleDown: {
                    stabilizationWindowSeconds: 300,
                    policies: [{ type: "Percent", value: 10, periodSeconds: 60 }],
                    selectPolicy: "Min",
                },
            },
        },
    };
}

/** The lowest number of replicas the service runs with (HPA floor or fixed count). */
export function lowestReplicas(r: ResolvedMicroservice): number {
    return r.autoscaling ? r.autoscaling.minReplicas : r.replicas;
}

/**
 * The PodDisruptionBudget: one pod at a time may be evicted. Only built with at least two replicas, so it
 * never blocks every eviction and never lets every replica go.
 */
export function buildPdb(r: ResolvedMicroservice) {
    return {
        metadata: meta(r),
        spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(r.name) } },
    };
}

/** Ingress only from declared callers, the mesh control plane and monitoring, on the service's ports. */
export function buildNetworkPolicy(r: ResolvedMicroservice) {
    const ports = [
        { port: r.ports.http, protocol: "TCP" },
        ...(r.ports.grpc ? [{ port: r.ports.grpc, protocol: "TCP" }] : []),
    ];
    const fromNamespace = (ns: string) => ({
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
    });
    return {
        metadata: meta(r),
        spec: {
            podSelector: { matchLabels: selectorLabels(r.name) },
            policyTypes: ["Ingress"],
            ingress: [
                ...(r.callers.length > 0
                    ? [
                          {
                              from: r.callers.map((c) => ({
                                  ...fromNamespace(c.namespace),
                                  podSelector: { matchLabels: selectorLabels(c.app) },
                              })),
                              ports,
                          },
                      ]
                    : []),
                { from: [fromNamespace(r.meshNamespace)], ports },
                // Prometheus scrapes only Istio's merged metrics port (see buildPodMonitor).
                {
                    from: [fromNamespace(r.monitoringNamespace)],
                    ports: [{ port: ISTIO_MERGED_METRICS_PORT, protocol: "TCP" }],
                },
            ],
        },
    };
}

export { PART_OF };
