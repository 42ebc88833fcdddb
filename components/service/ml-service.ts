/**
 * The golden path for a model server: the {@link MLWorkload}, its {@link MeshPolicy} and its
 * {@link WorkloadObservability} (the ML serving dashboard and SLO alerts, when monitoring is
 * installed). Like {@link platformService}, not a component resource, so every URN stays as it was.
 */
import { httpsEgress } from "../internal/egress";
import { MeshPolicy } from "../mesh-policy/mesh-policy";
import { MLWorkload, MLWorkloadIntent } from "../ml-workload/ml-workload";
import type { WorkloadObservability } from "../observability/workload-observability";
import type { Platform } from "../platform/platform";
import { ownValue } from "../../lib/records";
import type { MeshIntent } from "./intent";
import { observe } from "./platform-service";

/** Arguments for {@link mlService}: the platform and the model server's intent. */
export interface MLServiceArgs extends Omit<MLWorkloadIntent, "callers" | "egress"> {
    /** The platform context ({@link createPlatform}). */
    readonly platform: Platform;
    /** Names of the workloads (same namespace) that call the model server. @default [] */
    readonly callers?: readonly string[];
    /** The model server's mesh intent. @default {} */
    readonly mesh?: MeshIntent;
}

/** What {@link mlService} created. */
export interface MLService {
    readonly workload: MLWorkload;
    readonly mesh: MeshPolicy;
    readonly observability?: WorkloadObservability;
}

/** Creates a model server on the golden path. */
export function mlService(name: string, args: MLServiceArgs): MLService {
    const { platform, callers = [], mesh = {}, ...intent } = args;
    const after = { dependsOn: [platform.namespace.component] };
    const workload = new MLWorkload(
        name,
        {
            ...intent,
            platform,
            autoscaling: intent.autoscaling && {
                ...intent.autoscaling,
                resourceMetrics:
                    intent.autoscaling.resourceMetrics ??
                    (intent.autoscaling.cpuUtilization !== undefined ||
                        intent.autoscaling.memoryUtilization !== undefined),
            },
            callers: callers.map((caller) => platform.identity(caller)),
            egress: httpsEgress(mesh.egress ?? []),
        },
        after,
    );
    const policy = new MeshPolicy(
        `${name}-mesh`,
        {
            platform,
            target: workload,
            allowFrom: callers.map((caller) => ({
                workload: { identity: platform.identity(caller) },
                ...ownValue(mesh.rules ?? {}, caller),
            })),
            timeout: mesh.timeout,
            retries: mesh.retries,
            canary: mesh.canary,
            rollout: false,
            faultInjection: mesh.faultInjection,
        },
        after,
    );
    return {
        workload,
        mesh: policy,
        observability: observe(name, platform, "ml-serving", intent.autoscaling !== undefined),
    };
}
