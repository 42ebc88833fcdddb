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
import {
    CANARY_VERSION_ARG,
    deliveryNames,
    HEADER_ROUTE_NAME,
    ResolvedDelivery,
    ROLLOUTS_API_VERSION,
} from "./delivery-args";

export * from "./delivery-args";

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
