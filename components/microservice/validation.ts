/**
 * Validation of Microservice args: the invariants that decide what gets created.
 */
import { imageTag, parseQuantity } from "../../lib/kubernetes";
import type { MicroserviceArgs } from "./args";

/**
 * Throws with the arg path, the value and what is allowed when `args` cannot make a safe service.
 * Config validation catches the same problems earlier with config key paths; this guards library use.
 */
export function validateMicroserviceArgs(name: string, args: MicroserviceArgs): void {
    const fail = (path: string, rule: string, value: unknown): never => {
        throw new Error(
            `Microservice '${name}': \`${path}\` ${rule}, got ${JSON.stringify(value)}`,
        );
    };
    const { tag, digest } = imageTag(args.image);
    if (!digest && (tag === undefined || tag === "latest")) {
        fail("image", "must pin a version tag other than latest, or a digest", args.image);
    }
    if (digest && tag === undefined && args.version === undefined) {
        fail("version", "must be set when the image is pinned by digest only", args.version);
    }
    if (args.replicas !== undefined && args.autoscaling !== undefined) {
        fail("replicas", "must not be set together with autoscaling", args.replicas);
    }
    if (args.replicas !== undefined && args.replicas < 1) {
        fail("replicas", "must be >= 1", args.replicas);
    }
    if (args.autoscaling) {
        if (args.autoscaling.minReplicas < 1) {
            fail("autoscaling.minReplicas", "must be >= 1", args.autoscaling.minReplicas);
        }
        if (
            args.autoscaling.resourceMetrics === false &&
            args.autoscaling.requestsPerSecond === undefined
        ) {
            fail(
                "autoscaling.requestsPerSecond",
                "must be set when resourceMetrics is false (the HPA needs a metric)",
                undefined,
            );
        }
        if (args.autoscaling.maxReplicas < args.autoscaling.minReplicas) {
            fail(
                "autoscaling.maxReplicas",
                `must be >= minReplicas (${args.autoscaling.minReplicas})`,
                args.autoscaling.maxReplicas,
            );
        }
    }
    for (const k of ["cpu", "memory"] as const) {
        const request = parseQuantity(args.resources.requests[k]);
        const limit = parseQuantity(args.resources.limits[k]);
        if (request === undefined) {
            fail(
                `resources.requests.${k}`,
                "must be a Kubernetes quantity",
                args.resources.requests[k],
            );
        }
        if (limit === undefined || limit < request!) {
            fail(
                `resources.limits.${k}`,
                `must be a quantity >= requests.${k} (${args.resources.requests[k]})`,
                args.resources.limits[k],
            );
        }
    }
    if (Object.keys(args.secrets ?? {}).length > 0 && !args.platform.secretsManager) {
        fail(
            "platform.secretsManager",
            "must be given when secrets are declared (install the External Secrets add-on)",
            undefined,
        );
    }
    if (args.storeWiring && !args.platform.secretsManager) {
        fail(
            "storeWiring",
            "needs platform.secretsManager (store URLs arrive through External Secrets as the service's IRSA role)",
            args.storeWiring.env,
        );
    }
    validateDelivery(args, fail);
    const grace = args.terminationGracePeriodSeconds ?? 30;
    if ((args.preStopSleepSeconds ?? 5) >= grace) {
        fail(
            "preStopSleepSeconds",
            `must be below terminationGracePeriodSeconds (${grace})`,
            args.preStopSleepSeconds,
        );
    }
}

/** What the delivery args must hold that the config checks with config key paths. */
function validateDelivery(
    args: MicroserviceArgs,
    fail: (path: string, rule: string, value: unknown) => never,
): void {
    const d = args.delivery;
    if (!d) {
        return;
    }
    if (d.strategy === "canary") {
        if (!d.traffic) {
            fail(
                "delivery.traffic",
                "must name the VirtualService routes and DestinationRule the canary shifts (MeshPolicy's)",
                d.traffic,
            );
        }
        if (d.traffic.virtualServices.length === 0) {
            fail(
                "delivery.traffic.virtualServices",
                "must list at least one VirtualService (every one that carries the service's traffic)",
                d.traffic.virtualServices,
            );
        }
        const weights = (d.steps ?? []).flatMap((s) =>
            s.setWeight === undefined ? [] : [s.setWeight],
        );
        if (
            weights.length === 0 ||
            weights.some((w, i) => i > 0 && w <= weights[i - 1]) ||
            weights[weights.length - 1] !== 100
        ) {
            fail("delivery.steps", "must raise setWeight step by step to 100", weights);
        }
    } else if (d.headerRoute) {
        fail(
            "delivery.headerRoute",
            "must be unset with strategy blueGreen (no canary)",
            d.headerRoute,
        );
    }
    const a = d.analysis ?? {};
    if (a.successRate !== undefined && !(a.successRate > 0 && a.successRate <= 1)) {
        fail("delivery.analysis.successRate", "must be > 0 and <= 1", a.successRate);
    }
    if (a.latencyP99Ms !== undefined && !(a.latencyP99Ms >= 1)) {
        fail("delivery.analysis.latencyP99Ms", "must be >= 1", a.latencyP99Ms);
    }
}
