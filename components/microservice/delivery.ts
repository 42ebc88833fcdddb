/**
 * Progressive delivery of a service with Argo Rollouts: the `Rollout` that replaces its Deployment
 * (same pod template, security and scheduling) and the reference the HPA, PDB and VPA target.
 *
 * Sources (argoproj/argo-rollouts at 9f8d111d, v1.9): `docs/features/traffic-management/istio.md`
 * (subset-level traffic splitting), `docs/features/traffic-management/index.md` (managedRoutes,
 * setHeaderRoute), `docs/features/ephemeral-metadata.md`, `docs/features/analysis.md` (background
 * analysis, args from `spec.template.metadata.labels`), `docs/features/hpa-support.md`,
 * `rollout/trafficrouting.go` (an abort sets the canary weight to 0 and removes managed routes),
 * `rollout/trafficrouting/istio/istio.go` (`SetWeight`, `SetHeaderRoute` and `RemoveManagedRoutes`
 * walk every entry of `istio.virtualServices`; a header route is `{name, match: [{headers}], route}`
 * with no path match, placed first by `orderRoutes`).
 */
import { selectorLabels, TRACK_LABEL, TRACKS } from "../internal/labels";
import type { ResolvedMicroservice } from "./spec";

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
    /** Wait this long (`30s`, `5m`, `1h`); without a duration, until `kubectl argo rollouts promote`. */
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
    /** Prometheus base URL the analysis queries (the monitoring add-on's). */
    readonly prometheusUrl: string;
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
export function resolveDelivery(d: DeliveryArgs): ResolvedDelivery {
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
        prometheusUrl: d.prometheusUrl,
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

/** The analysis the Rollout runs, with the canary's version passed from its own pod template. */
function analysisRef(r: ResolvedMicroservice) {
    return {
        templates: [{ templateName: deliveryNames(r.name).analysis }],
        args: [
            {
                name: CANARY_VERSION_ARG,
                valueFrom: { fieldRef: { fieldPath: "spec.template.metadata.labels.version" } },
            },
        ],
    };
}

/**
 * Canary: the service's pods are stable or canary by ephemeral labels (`track`), which the
 * DestinationRule's subsets select and Argo Rollouts moves when it promotes. Argo Rollouts sets the
 * weights of the named routes of every listed VirtualService step by step and adds
 * `rollouts-pod-template-hash` to the subsets; the header route is a managed route it adds to each
 * listed VirtualService after the first weight step (canary pods exist from then on) and removes at
 * promotion or abort. The header route carries no path match, so a listed VirtualService must carry
 * only this service's traffic (the ingress delegate, never the gateway's shared host VirtualService).
 * The analysis runs in the background from the first step; when it fails, the rollout aborts:
 * weight 0, header route removed, canary scaled down after 30 s.
 */
function canaryStrategy(r: ResolvedMicroservice, d: ResolvedDelivery) {
    const t = d.traffic!;
    const header = d.headerRoute;
    const firstWeight = d.steps.findIndex((s) => s.setWeight !== undefined);
    const steps = d.steps.flatMap((s, i) => {
        const step = s.setWeight !== undefined ? { setWeight: s.setWeight } : { pause: s.pause! };
        if (header && i === firstWeight) {
            const setHeaderRoute = {
                name: HEADER_ROUTE_NAME,
                match: [{ headerName: header.name, headerValue: { exact: header.exact } }],
            };
            return [step, { setHeaderRoute }];
        }
        return [step];
    });
    return {
        canary: {
            canaryMetadata: { labels: { [TRACK_LABEL]: TRACKS.canary } },
            stableMetadata: { labels: { [TRACK_LABEL]: TRACKS.stable } },
            maxSurge: "25%",
            maxUnavailable: 0,
            abortScaleDownDelaySeconds: 30,
            trafficRouting: {
                ...(header ? { managedRoutes: [{ name: HEADER_ROUTE_NAME }] } : {}),
                istio: {
                    virtualServices: t.virtualServices.map((v) => ({
                        name: v.name,
                        routes: [...v.routes],
                    })),
                    destinationRule: {
                        name: t.destinationRule,
                        canarySubsetName: t.canarySubset,
                        stableSubsetName: t.stableSubset,
                    },
                },
            },
            analysis: { ...analysisRef(r), startingStep: Math.max(firstWeight, 0) },
            steps,
        },
    };
}

/**
 * Blue-green: the new version runs beside the active one behind the preview Service; the analysis
 * runs before promotion and a failure aborts (the active Service keeps pointing at the old pods).
 * Argo Rollouts adds `rollouts-pod-template-hash` to both Services' selectors.
 */
function blueGreenStrategy(r: ResolvedMicroservice, d: ResolvedDelivery) {
    const names = deliveryNames(r.name);
    return {
        blueGreen: {
            activeService: r.name,
            previewService: names.preview,
            activeMetadata: { labels: { [TRACK_LABEL]: TRACKS.stable } },
            previewMetadata: { labels: { [TRACK_LABEL]: TRACKS.canary } },
            autoPromotionEnabled: d.autoPromotionSeconds !== undefined,
            ...(d.autoPromotionSeconds !== undefined
                ? { autoPromotionSeconds: d.autoPromotionSeconds }
                : {}),
            prePromotionAnalysis: analysisRef(r),
            scaleDownDelaySeconds: 30,
            abortScaleDownDelaySeconds: 30,
        },
    };
}

/**
 * The Rollout: the Deployment's metadata, selector, replica handling and pod template unchanged (so
 * security, probes, anti-affinity, spread and tolerations are the Deployment's), minus the `track`
 * label, which Argo Rollouts sets per pod (stable or canary), and with the delivery strategy instead
 * of a rolling update.
 */
export function buildRollout<
    T extends { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> },
>(
    r: ResolvedMicroservice,
    d: ResolvedDelivery,
    deployment: {
        metadata: Record<string, unknown>;
        spec: { replicas?: number; revisionHistoryLimit: number; template: T };
    },
) {
    const labels = Object.fromEntries(
        Object.entries(deployment.spec.template.metadata.labels).filter(([k]) => k !== TRACK_LABEL),
    );
    return {
        apiVersion: ROLLOUTS_API_VERSION,
        kind: "Rollout",
        metadata: deployment.metadata,
        spec: {
            ...(deployment.spec.replicas !== undefined
                ? { replicas: deployment.spec.replicas }
                : {}),
            revisionHistoryLimit: deployment.spec.revisionHistoryLimit,
            selector: { matchLabels: selectorLabels(r.name) },
            template: {
                ...deployment.spec.template,
                metadata: { ...deployment.spec.template.metadata, labels },
            },
            strategy: d.strategy === "canary" ? canaryStrategy(r, d) : blueGreenStrategy(r, d),
        },
    };
}
