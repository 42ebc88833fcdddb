/**
 * Pure builders for a service's traffic objects (networking.istio.io/v1): the DestinationRule with its
 * subsets and the VirtualService with timeouts, retries that never repeat a non-idempotent request,
 * canary routing and optional faults.
 */
import { selectorLabels, TRACK_LABEL, TRACKS, WorkloadIdentity } from "../internal/labels";
import { serviceHost } from "./spec";

/** HTTP methods RFC 9110 (section 9.2.2) defines as idempotent that services use. */
export const IDEMPOTENT_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] as const;

/**
 * What any request may be retried on: the request never reached the application. `connect-failure`
 * (no connection to the upstream) and `refused-stream` (the upstream refused the HTTP/2 stream with
 * REFUSED_STREAM, which RFC 9113 section 8.7 defines as "not processed").
 *
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
 */
export const UNPROCESSED_RETRY_ON = "connect-failure,refused-stream";

/** A POST or PATCH API whose handler is idempotent (an idempotency key, a pure query), opted in to retries. */
export interface IdempotentRoute {
    /** Path prefix of the API (`/api/v1/quotes`); one of `prefix` and `exact`. */
    readonly prefix?: string;
    /** Exact path of the API; one of `prefix` and `exact`. */
    readonly exact?: string;
    /** Methods of the API that are idempotent. @default ["POST"] */
    readonly methods?: readonly ("POST" | "PATCH")[];
}

/** Retries of a service's routes. */
export interface RetryPolicy {
    /** Retries after the first try (0 turns retries off). */
    readonly attempts: number;
    /** Timeout of each try. */
    readonly perTryTimeout: string;
    /**
     * Conditions that retry idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE and
     * `idempotentRoutes`). Every other request is retried only on {@link UNPROCESSED_RETRY_ON}.
     */
    readonly retryOn: string;
    /** POST and PATCH APIs retried like idempotent methods. @default [] */
    readonly idempotentRoutes?: readonly IdempotentRoute[];
}

/** Canary routing: a weight and optional header routing to the `canary` subset. */
export interface Canary {
    /** Percent of traffic (0..100) sent to the canary. */
    readonly weight: number;
    /** Requests with this header value always go to the canary (seed: `version: v2`). */
    readonly header?: { readonly name: string; readonly exact: string };
}

/** Fault injection (staging chaos testing only). */
export interface FaultInjection {
    readonly delay?: { readonly percentage: number; readonly fixedDelay: string };
    readonly abort?: { readonly percentage: number; readonly httpStatus: number };
}

/** The seed's connection pool (100 TCP connections, 50 pending HTTP/1 requests, 10 per connection). */
export const DEFAULT_CONNECTION_POOL = {
    tcp: { maxConnections: 100 },
    http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 },
};

/**
 * The seed's outlier detection (3 consecutive 5xx, 30s interval and ejection, 50% max). The seed's
 * `circuitBreaker` block is not an Istio field; outlier detection is how Istio breaks circuits.
 */
export const DEFAULT_OUTLIER_DETECTION = {
    consecutive5xxErrors: 3,
    interval: "30s",
    baseEjectionTime: "30s",
    maxEjectionPercent: 50,
};

/** The seed's retries (its `retryOn` now applies to idempotent requests only). */
export const DEFAULT_RETRIES: RetryPolicy = {
    attempts: 3,
    perTryTimeout: "2s",
    retryOn: "5xx,reset,connect-failure,refused-stream",
};

/** The HTTP routes of a VirtualService that split traffic between the stable and canary subsets. */
export const WEIGHTED_ROUTES = ["idempotent", "default"] as const;

/**
 * Name of the VirtualService that carries a service's external traffic when Argo Rollouts shifts it:
 * a delegate (no hosts, no gateways) in the service's namespace that the gateway's host
 * VirtualService hands the service's paths to (components/ingress, `buildIngressDelegate`).
 */
export function ingressDelegateName(app: string): string {
    return `${app}-ingress`;
}

/**
 * What Argo Rollouts shifts for a service that runs as a canary Rollout: the weighted routes of every
 * VirtualService that carries the service's traffic (its own mesh VirtualService and, when it is
 * exposed, its ingress delegate) and this DestinationRule's subsets (argoproj/argo-rollouts v1.9.0
 * `docs/features/traffic-management/istio.md`, subset-level traffic splitting and multiple
 * VirtualServices; every named route needs a destination on each subset,
 * `rollout/trafficrouting/istio/istio.go`, `ValidateHTTPRoutes`; `SetWeight` and `SetHeaderRoute`
 * walk every entry of `virtualServices`).
 */
export function rolloutTraffic(target: WorkloadIdentity, opts: { exposed?: boolean } = {}) {
    const routes = [...WEIGHTED_ROUTES];
    return {
        virtualServices: [
            { name: target.app, routes },
            ...(opts.exposed ? [{ name: ingressDelegateName(target.app), routes }] : []),
        ],
        destinationRule: target.app,
        stableSubset: "stable",
        canarySubset: "canary",
    };
}

/**
 * The fields of the VirtualService Argo Rollouts writes, as `ignoreChanges` paths: the weight of every
 * destination of the weighted routes, indexed as rendered. Argo Rollouts also adds and removes its
 * managed header route at the top of `spec.http`; Pulumi never declares that route.
 */
export function rolloutWeightPaths(vs: {
    spec: { http: readonly { name: string; route: readonly unknown[] }[] };
}): string[] {
    return vs.spec.http.flatMap((h, i) =>
        (WEIGHTED_ROUTES as readonly string[]).includes(h.name)
            ? h.route.map((_, j) => `spec.http[${i}].route[${j}].weight`)
            : [],
    );
}

/**
 * The field of the DestinationRule Argo Rollouts writes: it adds `rollouts-pod-template-hash` to the
 * stable and canary subsets' labels (`rollout/trafficrouting/istio/istio.go`, `UpdateHash`).
 */
export const ROLLOUT_SUBSET_PATHS = ["spec.subsets"];

const meta = (target: WorkloadIdentity) => ({
    name: target.app,
    namespace: target.namespace,
    labels: { ...selectorLabels(target.app), "app.kubernetes.io/part-of": "supply-chain-platform" },
});

/**
 * DestinationRule: ISTIO_MUTUAL, connection pool, outlier detection and the subsets. `stable` selects
 * `track: stable`, which every pod of the workload's Deployment carries whatever its image, so a
 * rolling update never empties it (selecting `version: <tag>` did: the rule changed with the image and
 * old pods left the subset before new ones were ready). `canary` exists only while canary pods run.
 */
export function buildDestinationRule(target: WorkloadIdentity, canaryPods: boolean) {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "DestinationRule",
        metadata: meta(target),
        spec: {
            host: serviceHost(target),
            trafficPolicy: {
                tls: { mode: "ISTIO_MUTUAL" },
                connectionPool: DEFAULT_CONNECTION_POOL,
                outlierDetection: DEFAULT_OUTLIER_DETECTION,
            },
            subsets: [
                { name: "stable", labels: { [TRACK_LABEL]: TRACKS.stable } },
                ...(canaryPods
                    ? [{ name: "canary", labels: { [TRACK_LABEL]: TRACKS.canary } }]
                    : []),
            ],
        },
    };
}

/** Match conditions (ORed) of the requests that may be retried on `retryOn`. */
export function idempotentMatches(
    routes: readonly IdempotentRoute[],
    extra: Record<string, unknown> = {},
) {
    return [
        ...IDEMPOTENT_METHODS.map((m) => ({ ...extra, method: { exact: m } })),
        ...routes.flatMap((r) =>
            (r.methods ?? ["POST"]).map((m) => ({
                ...extra,
                method: { exact: m },
                uri: r.exact !== undefined ? { exact: r.exact } : { prefix: r.prefix! },
            })),
        ),
    ];
}

function faultOf(fault?: FaultInjection) {
    if (!fault) {
        return {};
    }
    return {
        fault: {
            ...(fault.delay
                ? {
                      delay: {
                          percentage: { value: fault.delay.percentage },
                          fixedDelay: fault.delay.fixedDelay,
                      },
                  }
                : {}),
            ...(fault.abort
                ? {
                      abort: {
                          percentage: { value: fault.abort.percentage },
                          httpStatus: fault.abort.httpStatus,
                      },
                  }
                : {}),
        },
    };
}

/**
 * VirtualService: the timeout on every route; idempotent requests (by method, plus opted-in POST/PATCH
 * APIs) retried on `retryOn`, every other request only on {@link UNPROCESSED_RETRY_ON}, so a POST that
 * reached the service is never sent twice. With canary pods: header routing and a weighted split to the
 * canary; optional faults on the weighted routes.
 */
export function buildVirtualService(
    target: WorkloadIdentity,
    route: {
        timeout: string;
        retries: RetryPolicy;
        canary?: Canary;
        fault?: FaultInjection;
    },
) {
    const host = serviceHost(target);
    const { attempts, perTryTimeout, retryOn } = route.retries;
    const retries = (on: string) => ({
        timeout: route.timeout,
        retries: { attempts, perTryTimeout, retryOn: on },
    });
    const idempotent = route.retries.idempotentRoutes ?? [];
    const canary = route.canary;
    const toCanary = [{ destination: { host, subset: "canary" }, weight: 100 }];
    const split = [
        { destination: { host, subset: "stable" }, weight: 100 - (canary?.weight ?? 0) },
        ...(canary ? [{ destination: { host, subset: "canary" }, weight: canary.weight }] : []),
    ];
    const header = canary?.header
        ? { headers: { [canary.header.name]: { exact: canary.header.exact } } }
        : undefined;
    const fault = faultOf(route.fault);
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: meta(target),
        spec: {
            hosts: [host],
            http: [
                ...(header
                    ? [
                          {
                              name: "canary-by-header-idempotent",
                              match: idempotentMatches(idempotent, header),
                              route: toCanary,
                              ...retries(retryOn),
                          },
                          {
                              name: "canary-by-header",
                              match: [header],
                              route: toCanary,
                              ...retries(UNPROCESSED_RETRY_ON),
                          },
                      ]
                    : []),
                {
                    name: "idempotent",
                    match: idempotentMatches(idempotent),
                    route: split,
                    ...retries(retryOn),
                    ...fault,
                },
                { name: "default", route: split, ...retries(UNPROCESSED_RETRY_ON), ...fault },
            ],
        },
    };
}
