import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { SecretsManagerTarget } from "../addons/external-secrets/external-secrets";
import type { DatastoreWiring } from "../datastore/datastore";
import { buildStoreExternalSecret } from "../datastore/spec";
import {
    createServiceAccountRole,
    OidcProvider,
    policyDocument,
    PolicyStatement,
    SECRET_READ_ACTIONS,
} from "../cluster/irsa";
import { EgressHost, workloadEgress } from "../internal/egress";
import { WorkloadIdentity, workloadIdentity, workloadLabels } from "../internal/labels";
import { NodeScheduling } from "../internal/pod";
import { imageTag } from "../../lib/kubernetes";
import {
    AutoscalingArgs,
    buildConfigMap,
    buildDeployment,
    buildExternalSecret,
    buildHpa,
    buildNetworkPolicy,
    buildPdb,
    buildSecretStore,
    buildService,
    buildServiceAccount,
    lowestReplicas,
    objectNames,
    ResolvedMicroservice,
    RolloutAwait,
    serviceSecretsArn,
} from "./spec";
import { buildAnalysisTemplate } from "./analysis";
import {
    buildRollout,
    DeliveryArgs,
    deliveryNames,
    resolveDelivery,
    workloadRef,
    WorkloadRef,
} from "./delivery";
import { buildPodMonitor } from "./monitoring";
import { validateMicroserviceArgs } from "./validation";

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
     * @default 3 (the seed's count) when there is no autoscaling
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

/** Resolves defaults once (pure). */
export function resolveMicroservice(name: string, args: MicroserviceArgs): ResolvedMicroservice {
    return {
        name,
        namespace: args.namespace,
        image: args.image,
        version: args.version ?? imageTag(args.image).tag!,
        component: args.component ?? "service",
        replicas: args.replicas ?? 3,
        autoscaling: args.autoscaling && {
            minReplicas: args.autoscaling.minReplicas,
            maxReplicas: args.autoscaling.maxReplicas,
            cpuUtilization: args.autoscaling.cpuUtilization ?? 70,
            memoryUtilization: args.autoscaling.memoryUtilization ?? 80,
            requestsPerSecond: args.autoscaling.requestsPerSecond,
            resourceMetrics: args.autoscaling.resourceMetrics ?? true,
        },
        resources: {
            requests: { ...args.resources.requests },
            limits: { ...args.resources.limits },
        },
        ports: args.ports ?? { http: 8080, grpc: 9090 },
        probes: args.probes ?? { liveness: "/health", readiness: "/ready" },
        callers: args.callers ?? [],
        config: args.config ?? {},
        configMountPath: args.configMountPath ?? "/app/config",
        secretEnv: Object.keys(args.secrets ?? {}),
        storeEnv: args.storeWiring?.env ?? [],
        automountServiceAccountToken: args.automountServiceAccountToken ?? false,
        terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? 30,
        preStopSleepSeconds: args.preStopSleepSeconds ?? 5,
        scheduling: args.scheduling,
        monitoringNamespace: args.monitoringNamespace ?? "monitoring",
        meshNamespace: args.meshNamespace ?? "istio-system",
        delivery: args.delivery && resolveDelivery(args.delivery),
        rolloutAwait: args.rolloutAwait,
    };
}

/**
 * The golden-path service: ServiceAccount (with an IRSA role when it needs AWS), ConfigMap,
 * ExternalSecret, Deployment, Service, HPA, PodDisruptionBudget, NetworkPolicy and PodMonitor, all
 * secure and production-sane by default.
 *
 * @example
 * const inventory = new Microservice("inventory", {
 *     provider: cluster.provider, namespace: "supply-chain",
 *     image: "registry.example.com/inventory:v1.2.3",
 *     resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
 *     autoscaling: { minReplicas: 2, maxReplicas: 20, requestsPerSecond: 100 },
 * });
 */
export class Microservice extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:apps:Microservice";

    /** Who this service is, for NetworkPolicies and mesh authorization of its callees. */
    public readonly identity: WorkloadIdentity;
    /** Name of the Kubernetes Service (and Deployment). */
    public readonly serviceName: pulumi.Output<string>;
    /** The version label of the running pods. */
    public readonly version: string;
    /** Port numbers, for mesh routing. */
    public readonly ports: { readonly http: number; readonly grpc?: number };
    /** ARN of the service's IRSA role, when it has one. */
    public readonly roleArn?: pulumi.Output<string>;
    /** The workload object the service runs (its Rollout with `delivery`, else its Deployment). */
    public readonly workloadRef: WorkloadRef;
    /**
     * Hosts outside the mesh this service may reach, derived from its config only: the regional STS
     * endpoint when it has an IRSA role, the endpoints of the AWS services its IAM statements allow, its
     * declared `egress`, then its data stores' endpoints. {@link MeshPolicy} turns them into its Sidecar, {@link MeshNamespacePolicy}
     * into ServiceEntries.
     */
    public readonly egress: readonly EgressHost[];
    /**
     * Whether canary pods run beside the stable ones: a canary Rollout's pods are stable or canary by
     * their `track` label, which Argo Rollouts sets per pod.
     */
    public readonly canaryPods: boolean;

    constructor(name: string, args: MicroserviceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Microservice.__pulumiType, name, {}, opts);
        validateMicroserviceArgs(name, args);
        const r = resolveMicroservice(name, args);
        const waitFor = args.waitFor ?? [];
        const k8sOpts = { parent: this, provider: args.provider, dependsOn: waitFor };
        const after = (...deps: pulumi.Resource[]) => ({
            ...k8sOpts,
            dependsOn: [...waitFor, ...deps],
        });
        const secrets = args.secrets ?? {};
        const hasSecrets = Object.keys(secrets).length > 0;
        const stores = args.storeWiring;
        const needsStore = hasSecrets || stores !== undefined;

        // One IRSA role per service: its own statements, plus read access to its own secrets path.
        let role: aws.iam.Role | undefined;
        const irsa = (args.iamStatements?.length ?? 0) > 0 || needsStore;
        if (irsa) {
            role = createServiceAccountRole(
                `${name}-irsa`,
                {
                    oidc: args.oidc!,
                    namespace: r.namespace,
                    serviceAccountName: objectNames(name).serviceAccount,
                    statements: args.iamStatements ?? [],
                },
                { parent: this },
            );
        }
        if (role && hasSecrets) {
            const sm = args.secretsManager!;
            new aws.iam.RolePolicy(
                `${name}-irsa-secrets`,
                {
                    role: role.name,
                    policy: sm.arnPrefix.apply((prefix) =>
                        policyDocument([
                            {
                                actions: SECRET_READ_ACTIONS,
                                resources: [serviceSecretsArn(prefix, sm.pathPrefix, name)],
                            },
                        ]),
                    ),
                },
                { parent: this },
            );
        }

        if (role && stores) {
            new aws.iam.RolePolicy(
                `${name}-irsa-datastores`,
                { role: role.name, policy: stores.policy },
                { parent: this },
            );
        }

        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            role ? role.arn.apply((arn) => buildServiceAccount(r, arn)) : buildServiceAccount(r),
            k8sOpts,
        );
        const podDeps: pulumi.Resource[] = [sa];
        if (Object.keys(r.config).length > 0) {
            podDeps.push(new k8s.core.v1.ConfigMap(`${name}-config`, buildConfigMap(r), k8sOpts));
        }
        const crdDeps = args.crds?.externalSecrets ?? [];
        const store = needsStore
            ? new k8s.apiextensions.CustomResource(
                  `${name}-secret-store`,
                  buildSecretStore(r, args.secretsManager!.region),
                  after(...crdDeps, sa),
              )
            : undefined;
        if (store && stores) {
            const es = pulumi.all([stores.templates, stores.data]).apply(([templates, data]) =>
                buildStoreExternalSecret({
                    service: name,
                    namespace: r.namespace,
                    labels: workloadLabels(name, r.version, r.component),
                    secretStore: objectNames(name).secretStore,
                    templates,
                    data,
                }),
            );
            podDeps.push(
                new k8s.apiextensions.CustomResource(
                    `${name}-datastore-secrets`,
                    {
                        apiVersion: "external-secrets.io/v1",
                        kind: "ExternalSecret",
                        metadata: es.metadata,
                        spec: es.spec,
                    },
                    after(...crdDeps, store, ...stores.dependsOn),
                ),
            );
        }
        if (store && hasSecrets) {
            podDeps.push(
                new k8s.apiextensions.CustomResource(
                    `${name}-secrets`,
                    buildExternalSecret(r, args.secretsManager!.pathPrefix, secrets),
                    after(...crdDeps, store),
                ),
            );
        }
        const workload = r.delivery
            ? this.rollout(r, after, podDeps, args.crds?.argoRollouts ?? [])
            : new k8s.apps.v1.Deployment(name, buildDeployment(r), after(...podDeps));
        // Blue-green: Argo Rollouts adds the pod-template hash to the active and preview Services'
        // selectors (docs/features/bluegreen.md); Pulumi leaves that field to it.
        const blueGreen = r.delivery?.strategy === "blueGreen";
        const selectorOwner = blueGreen ? { ignoreChanges: ["spec.selector"] } : {};
        const service = new k8s.core.v1.Service(`${name}-svc`, buildService(r), {
            ...k8sOpts,
            ...selectorOwner,
        });
        if (blueGreen) {
            new k8s.core.v1.Service(
                `${name}-preview-svc`,
                buildService(r, deliveryNames(name).preview),
                { ...k8sOpts, ...selectorOwner },
            );
        }
        if (r.autoscaling) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                `${name}-hpa`,
                buildHpa(r),
                after(workload),
            );
        }
        if (lowestReplicas(r) > 1) {
            new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, buildPdb(r), k8sOpts);
        }
        new k8s.networking.v1.NetworkPolicy(`${name}-netpol`, buildNetworkPolicy(r), k8sOpts);
        if (args.monitoring) {
            new k8s.apiextensions.CustomResource(
                `${name}-monitor`,
                buildPodMonitor(r, args.monitorLabels),
                after(...(args.crds?.prometheus ?? [])),
            );
        }

        this.identity = workloadIdentity(name, r.namespace);
        this.serviceName = service.metadata.name;
        this.version = r.version;
        this.ports = r.ports;
        this.roleArn = role?.arn;
        this.workloadRef = workloadRef(name, r.delivery);
        this.canaryPods = r.delivery?.strategy === "canary";
        this.egress = workloadEgress({
            region: args.region ?? "",
            irsa,
            statements: args.iamStatements ?? [],
            hosts: [...(args.egress ?? []), ...(stores?.egress ?? [])],
        });
        this.registerOutputs({ serviceName: this.serviceName, roleArn: this.roleArn });
    }

    /** The AnalysisTemplate and the Rollout that runs the service's pods (after the Argo Rollouts CRDs). */
    private rollout(
        r: ResolvedMicroservice,
        after: (...deps: pulumi.Resource[]) => pulumi.CustomResourceOptions,
        podDeps: pulumi.Resource[],
        crds: pulumi.Resource[],
    ): pulumi.Resource {
        const d = r.delivery!;
        const analysis = new k8s.apiextensions.CustomResource(
            `${r.name}-analysis`,
            buildAnalysisTemplate(r, d),
            after(...podDeps, ...crds),
        );
        return new k8s.apiextensions.CustomResource(
            `${r.name}-rollout`,
            buildRollout(r, d, buildDeployment(r)),
            after(...podDeps, ...crds, analysis),
        );
    }
}
