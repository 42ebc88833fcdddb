/**
 * Pure builders for Istio objects (security.istio.io/v1, networking.istio.io/v1) from declared intents.
 */
import { selectorLabels, WorkloadIdentity } from "../internal/labels";

/** What mesh policy needs to know about a workload (Microservice and MLWorkload expose this). */
export interface MeshWorkload {
    readonly identity: WorkloadIdentity;
    /** Version label of the running (stable) pods. */
    readonly version: string;
}

/** A caller and what it may do. */
export interface CallerRule {
    readonly workload: MeshWorkload;
    /** HTTP methods allowed. @default - any */
    readonly methods?: readonly string[];
    /** Paths allowed (Istio path syntax). @default - any */
    readonly paths?: readonly string[];
}

/** Retries of the route. */
export interface RetryPolicy {
    readonly attempts: number;
    readonly perTryTimeout: string;
    readonly retryOn: string;
}

/** A canary release: a subset by version label, a weight and optional header routing. */
export interface Canary {
    readonly version: string;
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

/** The seed's retries. */
export const DEFAULT_RETRIES: RetryPolicy = {
    attempts: 3,
    perTryTimeout: "2s",
    retryOn: "5xx,reset,connect-failure,refused-stream",
};

/** SPIFFE principal of a workload's service account, as Istio authorization matches it. */
export function principal(trustDomain: string, namespace: string, serviceAccount: string): string {
    return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Fully qualified host of a workload's Service. */
export function serviceHost(identity: WorkloadIdentity): string {
    return `${identity.app}.${identity.namespace}.svc.cluster.local`;
}

const meta = (target: WorkloadIdentity, name = target.app) => ({
    name,
    namespace: target.namespace,
    labels: { ...selectorLabels(target.app), "app.kubernetes.io/part-of": "supply-chain-platform" },
});

/** Namespace-wide PeerAuthentication (`default`): STRICT, or PERMISSIVE during a declared migration window. */
export function buildPeerAuthentication(namespace: string, mode: "STRICT" | "PERMISSIVE") {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace },
        spec: { mtls: { mode } },
    };
}

/** Namespace-wide allow-nothing AuthorizationPolicy: everything not explicitly allowed is denied. */
export function buildAllowNothing(namespace: string) {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "allow-nothing", namespace },
        spec: {},
    };
}

/** The per-service ALLOW policy: one rule per caller (methods/paths), one for admins with everything. */
export function buildAuthorizationPolicy(
    target: WorkloadIdentity,
    callers: readonly CallerRule[],
    admins: readonly WorkloadIdentity[],
    trustDomain: string,
) {
    const rule = (id: WorkloadIdentity) => ({
        source: { principals: [principal(trustDomain, id.namespace, id.serviceAccountName)] },
    });
    return {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: meta(target),
        spec: {
            selector: { matchLabels: { app: target.app } },
            action: "ALLOW",
            rules: [
                ...callers.map((c) => ({
                    from: [rule(c.workload.identity)],
                    ...(c.methods || c.paths
                        ? {
                              to: [
                                  {
                                      operation: {
                                          ...(c.methods ? { methods: [...c.methods] } : {}),
                                          ...(c.paths ? { paths: [...c.paths] } : {}),
                                      },
                                  },
                              ],
                          }
                        : {}),
                })),
                ...(admins.length > 0 ? [{ from: admins.map(rule) }] : []),
            ],
        },
    };
}

/** DestinationRule: ISTIO_MUTUAL, connection pool, outlier detection, stable and canary subsets. */
export function buildDestinationRule(
    target: WorkloadIdentity,
    stableVersion: string,
    canary?: Canary,
) {
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
                { name: "stable", labels: { version: stableVersion } },
                ...(canary ? [{ name: "canary", labels: { version: canary.version } }] : []),
            ],
        },
    };
}

/** VirtualService: timeout and retries; header routing and a weighted split to the canary; optional faults. */
export function buildVirtualService(
    target: WorkloadIdentity,
    route: { timeout: string; retries: RetryPolicy; canary?: Canary; fault?: FaultInjection },
) {
    const host = serviceHost(target);
    const common = { timeout: route.timeout, retries: { ...route.retries } };
    const fault = route.fault
        ? {
              fault: {
                  ...(route.fault.delay
                      ? {
                            delay: {
                                percentage: { value: route.fault.delay.percentage },
                                fixedDelay: route.fault.delay.fixedDelay,
                            },
                        }
                      : {}),
                  ...(route.fault.abort
                      ? {
                            abort: {
                                percentage: { value: route.fault.abort.percentage },
                                httpStatus: route.fault.abort.httpStatus,
                            },
                        }
                      : {}),
              },
          }
        : {};
    const canary = route.canary;
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: meta(target),
        spec: {
            hosts: [host],
            http: [
                ...(canary?.header
                    ? [
                          {
                              name: "canary-by-header",
                              match: [
                                  {
                                      headers: {
                                          [canary.header.name]: { exact: canary.header.exact },
                                      },
                                  },
                              ],
                              route: [{ destination: { host, subset: "canary" }, weight: 100 }],
                              ...common,
                          },
                      ]
                    : []),
                {
                    name: "default",
                    route: [
                        {
                            destination: { host, subset: "stable" },
                            weight: 100 - (canary?.weight ?? 0),
                        },
                        ...(canary
                            ? [{ destination: { host, subset: "canary" }, weight: canary.weight }]
                            : []),
                    ],
                    ...common,
                    ...fault,
                },
            ],
        },
    };
}
