/**
 * Progressive delivery intent: the args, their resolved form, the names and the workload reference
 * (no builder, so the pure spec can import it without a circle). Sources: see delivery.ts.
 */
import { TRACK_LABEL } from "../internal/labels";

/** API version of Argo Rollouts' kinds. */
export const ROLLOUTS_API_VERSION = "argoproj.io/v1alpha1";
/** Name of the header route Argo Rollouts adds to the VirtualService (a managed route). */
export const HEADER_ROUTE_NAME = "canary-by-header";
/** Pod label that tells canary pods from stable ones (defined with the other workload labels). */
export { TRACK_LABEL };
/** Analysis argument carrying the canary's version label (Istio's `destination_canonical_revision`). */
export const CANARY_VERSION_ARG = "canary-version";

/** One canary step: raise the canary's traffic share, or pause (no duration: until promoted). */
export interface DeliveryStep {
    /** Percent of traffic (1..100) the canary takes from this step on. */
    readonly setWeight?: number;
    /** Wait this long (`30s`, `5m`, `1h30m`, or whole seconds); without a duration, until `kubectl argo rollouts promote`. */
    readonly pause?: { readonly duration?: string | number };
}

/** What the canary must keep up while it takes traffic. */
export interface AnalysisThresholds {
    /** Lowest share of non-5xx responses. @default 0.99 */
    readonly successRate?: number;
    /** Highest p99 latency, milliseconds. @default 500 */
    readonly latencyP99Ms?: number;
    /** Time between measurements. @default "1m" */
    readonly interval?: string;
    /** Failed measurements tolerated; one more fails the analysis and aborts the rollout. @default 1 */
    readonly failureLimit?: number;
}

/** One VirtualService a canary shifts, and its routes. */
export interface DeliveryVirtualService {
    /** Name of the VirtualService (in the service's namespace). */
    readonly name: string;
    /** Its HTTP routes whose stable/canary weights Argo Rollouts sets. */
    readonly routes: readonly string[];
}

/**
 * The mesh objects a canary shifts: every VirtualService that carries the service's traffic
 * (MeshPolicy's, and the ingress delegate of an exposed service) and MeshPolicy's DestinationRule.
 */
export interface DeliveryTraffic {
    /**
     * The VirtualServices whose weights (and header route) Argo Rollouts sets. A VirtualService that
     * sends the service's traffic and is missing here keeps all of it on the stable pods.
     */
    readonly virtualServices: readonly DeliveryVirtualService[];
    /** Name of the DestinationRule holding the subsets. */
    readonly destinationRule: string;
    /** Subset of the stable pods. @default "stable" */
    readonly stableSubset?: string;
    /** Subset of the canary pods. @default "canary" */
    readonly canarySubset?: string;
}

/** Progressive delivery of a {@link Microservice}. */
export interface DeliveryArgs {
    /** `canary`: weighted steps with analysis; `blueGreen`: a preview, then a switch at promotion. */
    readonly strategy: "canary" | "blueGreen";
    /** Canary steps (strategy canary); the weights rise to 100. */
    readonly steps?: readonly DeliveryStep[];
    /** Requests with this header go to the canary from its first step (seed: `version: v2`). */
    readonly headerRoute?: { readonly name: string; readonly exact: string };
    /** Analysis thresholds. @default the defaults of {@link AnalysisThresholds} */
    readonly analysis?: AnalysisThresholds;
    /** Blue-green: promote automatically after this many seconds. @default - promotion by hand */
    readonly autoPromotionSeconds?: number;
    /** Where the canary's traffic is shifted (required with strategy canary). */
    readonly traffic?: DeliveryTraffic;
    /**
     * Prometheus base URL the analysis queries.
     *
     * @default - the platform's (`platform.monitoring.prometheusUrl`)
     */
    readonly prometheusUrl?: string;
}

/** {@link DeliveryArgs} with defaults resolved. */
export interface ResolvedDelivery {
    readonly strategy: "canary" | "blueGreen";
    readonly steps: readonly DeliveryStep[];
    readonly headerRoute?: { readonly name: string; readonly exact: string };
    readonly analysis: Required<AnalysisThresholds>;
    readonly autoPromotionSeconds?: number;
    readonly traffic?: Required<DeliveryTraffic>;
    readonly prometheusUrl: string;
}

/** Resolves defaults once (pure). */
export function resolveDelivery(d: DeliveryArgs, platformPrometheusUrl = ""): ResolvedDelivery {
    return {
        strategy: d.strategy,
        steps: d.steps ?? [],
        headerRoute: d.headerRoute,
        analysis: {
            successRate: d.analysis?.successRate ?? 0.99,
            latencyP99Ms: d.analysis?.latencyP99Ms ?? 500,
            interval: d.analysis?.interval ?? "1m",
            failureLimit: d.analysis?.failureLimit ?? 1,
        },
        autoPromotionSeconds: d.autoPromotionSeconds,
        traffic: d.traffic && {
            ...d.traffic,
            stableSubset: d.traffic.stableSubset ?? "stable",
            canarySubset: d.traffic.canarySubset ?? "canary",
        },
        prometheusUrl: d.prometheusUrl ?? platformPrometheusUrl,
    };
}

/** The workload object a service runs, as `scaleTargetRef` / `targetRef` name it. */
export interface WorkloadRef {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
}

/**
 * What the HPA (`scaleTargetRef`), the VPA (`targetRef`) and readers of the service target: its
 * Rollout when it declares delivery, its Deployment otherwise. The Rollout CRD has a scale
 * subresource, so the HPA scales it like a Deployment (docs/features/hpa-support.md).
 */
export function workloadRef(name: string, delivery?: unknown): WorkloadRef {
    return delivery
        ? { apiVersion: ROLLOUTS_API_VERSION, kind: "Rollout", name }
        : { apiVersion: "apps/v1", kind: "Deployment", name };
}

/** Names of the objects delivery adds. */
export function deliveryNames(name: string) {
    return { rollout: name, analysis: `${name}-canary`, preview: `${name}-preview` };
}
