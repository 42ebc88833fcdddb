import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { SecretsManagerTarget } from "../addons/external-secrets/external-secrets";
import type { NodeGroupScheduling } from "../cluster/spec";
import type { EgressHost } from "../internal/egress";
import { WorkloadIdentity } from "../internal/labels";
import { schedulingFor } from "../internal/pod";
import { Microservice } from "../microservice/microservice";
import { AutoscalingArgs } from "../microservice/spec";
import { parseQuantity } from "../../lib/kubernetes";
import { gpuAwait } from "./await";
import { FRAMEWORKS } from "./crd";
import {
    buildMLModel,
    buildPrometheusRule,
    buildVpa,
    DEFAULT_VPA,
    ModelSpec,
    VpaArgs,
} from "./spec";

/** Arguments for {@link MLWorkload}. */
export interface MLWorkloadArgs {
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
    /** Namespace to serve in. */
    readonly namespace: string;
    /** Model server image, pinned by tag or digest. */
    readonly image: string;
    /** The model served (recorded as an MLModel; replicas 1..10). */
    readonly model: ModelSpec;
    /** Cpu and memory requests and limits of one model server. */
    readonly resources: {
        readonly requests: { readonly cpu: string; readonly memory: string };
        readonly limits: { readonly cpu: string; readonly memory: string };
    };
    /** NVIDIA GPUs per pod (`nvidia.com/gpu` limit). Needs a GPU node group. @default 0 */
    readonly gpu?: number;
    /**
     * The node group to serve on, from {@link Cluster.nodeGroups}: tolerations and node affinity are
     * derived from its taints and labels.
     */
    readonly nodeGroup: NodeGroupScheduling & { readonly name: string };
    /** Vertical Pod Autoscaler. @default the seed's: Auto, 500m/1Gi to 4/8Gi */
    readonly vpa?: VpaArgs;
    /** Optional HPA; with a VPA in Auto mode it may only scale on requests per second. @default - none */
    readonly autoscaling?: AutoscalingArgs;
    /** Workloads allowed to call the model server. @default [] */
    readonly callers?: readonly WorkloadIdentity[];
    /** PodMonitor and PrometheusRule (needs the Prometheus operator CRDs). @default false */
    readonly monitoring?: boolean;
    /** Labels Prometheus selects monitors and rules by (from the monitoring add-on). @default {} */
    readonly monitorLabels?: Readonly<Record<string, string>>;
    /** The MLModel CRD (from {@link MLModelCrd}); the MLModel object is created after it. */
    readonly crd: pulumi.Resource;
    /** Resources installing the CRDs of the VPA and the Prometheus operator. @default {} */
    readonly crds?: {
        readonly verticalPodAutoscaler?: pulumi.Resource[];
        readonly prometheus?: pulumi.Resource[];
        readonly externalSecrets?: pulumi.Resource[];
    };
    /** Seconds pods get to shut down; spot nodes give two minutes' notice. @default 90 */
    readonly terminationGracePeriodSeconds?: number;
    /** Secrets Manager coordinates, passed to the model server. @default - none */
    readonly secretsManager?: SecretsManagerTarget;
    /**
     * Resources every child waits for: the namespace and Istio's readiness (see
     * {@link MicroserviceArgs.waitFor}).
     *
     * @default []
     */
    readonly waitFor?: pulumi.Resource[];
    /** Hosts outside the mesh the model server calls (see {@link MicroserviceArgs.egress}). @default [] */
    readonly egress?: readonly EgressHost[];
}

/** Validates the arguments; errors name the arg, the value and what is allowed. */
export function validateMLWorkloadArgs(name: string, args: MLWorkloadArgs): void {
    const fail = (path: string, rule: string, value: unknown): never => {
        throw new Error(`MLWorkload '${name}': \`${path}\` ${rule}, got ${JSON.stringify(value)}`);
    };
    if (
        !Number.isInteger(args.model.replicas) ||
        args.model.replicas < 1 ||
        args.model.replicas > 10
    ) {
        fail("model.replicas", "must be an integer between 1 and 10", args.model.replicas);
    }
    if (!(FRAMEWORKS as readonly string[]).includes(args.model.framework)) {
        fail("model.framework", `must be one of ${FRAMEWORKS.join(", ")}`, args.model.framework);
    }
    if ((args.gpu ?? 0) > 0 && !args.nodeGroup.gpu) {
        fail(
            "gpu",
            `needs a GPU node group, but node group ${args.nodeGroup.name} has no GPUs`,
            args.gpu,
        );
    }
    const vpa = args.vpa ?? DEFAULT_VPA;
    for (const k of ["cpu", "memory"] as const) {
        if (parseQuantity(vpa.minAllowed[k])! > parseQuantity(vpa.maxAllowed[k])!) {
            fail(
                `vpa.minAllowed.${k}`,
                `must be <= vpa.maxAllowed.${k} (${vpa.maxAllowed[k]})`,
                vpa.minAllowed[k],
            );
        }
    }
    if (
        args.autoscaling &&
        args.autoscaling.resourceMetrics !== false &&
        !["Off", "Initial"].includes(vpa.updateMode)
    ) {
        fail(
            "autoscaling",
            `must not scale on cpu or memory while vpa.updateMode is ${vpa.updateMode} (set resourceMetrics: false)`,
            args.autoscaling,
        );
    }
}

/**
 * Serves a machine-learning model on the ML node pool: the MLModel record, a model server built from the
 * Microservice building blocks (secure pods, probes, labels, anti-affinity, PDB, NetworkPolicy), scheduled
 * by a toleration and node affinity derived from the node group, a VerticalPodAutoscaler, optional GPUs,
 * and alerts.
 *
 * @example
 * new MLWorkload("ml-prediction", {
 *     provider, namespace: "supply-chain", image: "registry.example.com/ml-prediction:v2.1.0",
 *     model: { name: "demand-forecasting", version: "v2.1.0", framework: "tensorflow", replicas: 3 },
 *     resources: { requests: { cpu: "1000m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
 *     nodeGroup: { name: "ml", ...cluster.nodeGroups.ml }, crd: mlCrd.crd,
 * });
 */
export class MLWorkload extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:ml:MLWorkload";

    /** Identity of the model server (for mesh policy and callers). */
    public readonly identity: WorkloadIdentity;
    /** Version label of the model server pods. */
    public readonly version: string;
    /** The model server. */
    public readonly server: Microservice;
    /** Hosts outside the mesh the model server may reach. */
    public readonly egress: readonly EgressHost[];
    /** Whether canary pods of the model server run. */
    public readonly canaryPods: boolean;

    constructor(name: string, args: MLWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super(MLWorkload.__pulumiType, name, {}, opts);
        validateMLWorkloadArgs(name, args);
        const vpa = args.vpa ?? DEFAULT_VPA;
        const gpu = args.gpu ?? 0;
        const waitFor = args.waitFor ?? [];
        const k8sOpts = { parent: this, provider: args.provider };
        const terminationGracePeriodSeconds = args.terminationGracePeriodSeconds ?? 90;
        // A GPU rollout outlasts the Deployment's default 10-minute await (./await.ts).
        const rolloutAwait =
            gpu > 0
                ? gpuAwait(
                      args.autoscaling?.maxReplicas ?? args.model.replicas,
                      terminationGracePeriodSeconds,
                  )
                : undefined;

        new k8s.apiextensions.CustomResource(
            `${name}-model`,
            buildMLModel(name, args.namespace, args.model, {
                ...args.resources.requests,
                ...(gpu > 0 ? { gpu: String(gpu) } : {}),
            }),
            { ...k8sOpts, dependsOn: [...waitFor, args.crd] },
        );

        this.server = new Microservice(
            name,
            {
                provider: args.provider,
                namespace: args.namespace,
                image: args.image,
                version: args.model.version,
                component: "model-server",
                replicas: args.autoscaling ? undefined : args.model.replicas,
                autoscaling: args.autoscaling,
                resources: {
                    requests: { ...args.resources.requests },
                    limits: {
                        ...args.resources.limits,
                        ...(gpu > 0 ? { "nvidia.com/gpu": String(gpu) } : {}),
                    },
                },
                ports: { http: 8080, grpc: 9090 },
                callers: args.callers,
                scheduling: schedulingFor(args.nodeGroup),
                terminationGracePeriodSeconds,
                rolloutAwait,
                preStopSleepSeconds: 10,
                monitoring: args.monitoring,
                monitorLabels: args.monitorLabels,
                crds: {
                    prometheus: args.crds?.prometheus,
                    externalSecrets: args.crds?.externalSecrets,
                },
                secretsManager: args.secretsManager,
                waitFor,
                egress: args.egress,
            },
            { parent: this },
        );

        new k8s.apiextensions.CustomResource(
            `${name}-vpa`,
            buildVpa(name, args.namespace, args.model.version, vpa, this.server.workloadRef),
            {
                ...k8sOpts,
                dependsOn: [...waitFor, ...(args.crds?.verticalPodAutoscaler ?? []), this.server],
            },
        );
        if (args.monitoring) {
            new k8s.apiextensions.CustomResource(
                `${name}-alerts`,
                buildPrometheusRule(name, args.namespace, args.model.version, args.monitorLabels),
                { ...k8sOpts, dependsOn: [...waitFor, ...(args.crds?.prometheus ?? [])] },
            );
        }

        this.identity = this.server.identity;
        this.version = this.server.version;
        this.egress = this.server.egress;
        this.canaryPods = this.server.canaryPods;
        this.registerOutputs({ serviceName: this.server.serviceName });
    }
}
