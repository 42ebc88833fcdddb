/**
 * How long `pulumi up` waits for a GPU model server to roll out. pulumi-kubernetes waits for a
 * Deployment to become available for 10 minutes unless the resource's custom timeouts or its
 * `pulumi.com/timeoutSeconds` annotation say otherwise (in that order: `TimeoutDuration` in
 * provider/pkg/metadata/overrides.go, `DefaultDeploymentTimeoutMins = 10` in
 * provider/pkg/await/deployment.go, pulumi/pulumi-kubernetes v4.32.0; the 4.34.2 SDK's Deployment docs
 * state the same 10 minutes). A GPU rollout is slower than that: every GPU of the group is in use, so
 * the rolling update's surge pod needs a new GPU node from Cluster Autoscaler, and each later pod waits
 * for the GPU an old pod frees; every new pod then pulls a multi-GB image and loads its model.
 */
import type { RolloutAwait } from "../microservice/spec";

/**
 * The budget of one GPU pod in a rollout, in seconds. Typical times with margin; change them here if
 * a model server's image or model is much larger.
 */
export const GPU_ROLLOUT_BUDGET = {
    /**
     * A new GPU node: the autoscaler sees the pending pod within its 10 s scan, EC2 launches the
     * instance, the NVIDIA AMI boots and joins (a few minutes), then the Istio CNI agent and the
     * NVIDIA device plugin start on it and the device plugin advertises `nvidia.com/gpu`.
     */
    nodeSeconds: 360,
    /** Pulling and unpacking a multi-GB model-server image on a node that has never run it. */
    imagePullSeconds: 360,
    /** Loading the model into GPU memory until the readiness probe passes. */
    modelLoadSeconds: 180,
} as const;

/** Await settings of a GPU model server's Deployment (see {@link RolloutAwait}). */
export type GpuAwait = RolloutAwait;

/**
 * The await of a GPU model server with `replicas` pods (its highest count) rolled one at a time
 * (surge 1, unavailable 0): the first new pod waits for a new node, each later one for an old pod to
 * shut down (`terminationGracePeriodSeconds`) and free its GPU; each pulls its image and loads its
 * model. Production's 3 replicas with a 90 s grace period: 900 + 2 x 630 = 2160 s (36 minutes). The
 * progress deadline is the longest stretch without a new ready pod; past it the Deployment reports
 * `ProgressDeadlineExceeded` (and kube-prometheus-stack's KubeDeploymentRolloutStuck alert fires)
 * although the rollout is on its way.
 */
export function gpuAwait(replicas: number, terminationGracePeriodSeconds: number): GpuAwait {
    const b = GPU_ROLLOUT_BUDGET;
    const pod = b.imagePullSeconds + b.modelLoadSeconds;
    const first = b.nodeSeconds + pod;
    return {
        timeoutSeconds: first + (replicas - 1) * (terminationGracePeriodSeconds + pod),
        progressDeadlineSeconds: Math.max(first, terminationGracePeriodSeconds + pod),
    };
}
