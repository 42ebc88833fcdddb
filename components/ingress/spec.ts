/**
 * Pure builders for the ingress routes (networking.istio.io/v1): the gateway's listener, one
 * VirtualService per exposed host with a `/health` answer and one route per exposed service, and the
 * AuthorizationPolicy rule that admits the gateway to an exposed service's paths.
 */
import { PART_OF, WorkloadIdentity } from "../internal/labels";
import { buildVirtualService, Canary, RetryPolicy } from "../mesh-policy/routes";
import { CallerRule, serviceHost } from "../mesh-policy/spec";

/** The path the gateway answers itself (`curl -f http://api.internal/health`). */
export const HEALTH_PATH = "/health";
/** Name of the Istio `Gateway` object (in the gateway's namespace). */
export const GATEWAY_OBJECT = "ingress";
/** Port of a Microservice's Service that carries HTTP (`http`, see microservice `buildService`). */
export const SERVICE_HTTP_PORT = 80;

/** A service's `expose` intent. */
export interface Expose {
    /** DNS name clients use, e.g. `api.internal`. */
    readonly host: string;
    /** The service owns this path and everything below it, e.g. `/inventory`. */
    readonly pathPrefix: string;
}

/** One exposed service: who it is, where it is exposed, how its route behaves. */
export interface ExposedService {
    readonly identity: WorkloadIdentity;
    readonly expose: Expose;
    /** Route timeout. @default "10s" */
    readonly timeout?: string;
    /** Route retries (the service's mesh retries). */
    readonly retries: RetryPolicy;
    /**
     * The service's canary, so external traffic splits like internal traffic; only while the service
     * runs canary pods (`canaryPods`), as for its MeshPolicy. @default - none
     */
    readonly canary?: Canary;
}

const labels = () => ({
    "app.kubernetes.io/part-of": PART_OF,
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/component": "ingress",
});

/** The Istio match entries of an exposed path: exactly the prefix, or anything below `prefix/`. */
export function pathMatches(pathPrefix: string) {
    return [{ uri: { exact: pathPrefix } }, { uri: { prefix: `${pathPrefix}/` } }];
}

/** AuthorizationPolicy paths of an exposed prefix (Istio path syntax: `*` as a suffix). */
export function exposedPaths(pathPrefix: string): string[] {
    return [pathPrefix, `${pathPrefix}/*`];
}

/**
 * The rule an exposed service's AuthorizationPolicy gets: the gateway's identity (its SPIFFE principal,
 * derived from the trust domain) may call the exposed paths, nothing else.
 */
export function gatewayCallerRule(gateway: WorkloadIdentity, expose: Expose): CallerRule {
    return {
        workload: { identity: gateway, version: "gateway" },
        paths: exposedPaths(expose.pathPrefix),
    };
}

/** The gateway's listener: plain HTTP on the pod's port 80 for every exposed host. */
export function buildGateway(
    namespace: string,
    selector: Record<string, string>,
    hosts: readonly string[],
    port: number,
) {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: GATEWAY_OBJECT, namespace, labels: labels() },
        spec: {
            selector: { ...selector },
            servers: [
                {
                    port: { number: port, name: "http", protocol: "HTTP" },
                    hosts: [...hosts],
                },
            ],
        },
    };
}

/**
 * The routes of one exposed service: the service's own mesh routes (the same safe retries: only
 * idempotent requests retry on `retryOn`, everything else only when it never reached the service),
 * limited to its paths.
 */
export function serviceRoutes(service: ExposedService) {
    const { http } = buildVirtualService(service.identity, {
        timeout: service.timeout ?? "10s",
        retries: service.retries,
        canary: service.canary,
    }).spec;
    const paths = pathMatches(service.expose.pathPrefix);
    const port = { number: SERVICE_HTTP_PORT };
    return http.map((route) => {
        const {
            match,
            route: destinations,
            name,
            ...rest
        } = route as typeof route & {
            match?: Record<string, unknown>[];
        };
        return {
            name: `${service.identity.app}-${name}`,
            match: (match ?? [{}]).flatMap((m) => paths.map((p) => ({ ...m, ...p }))),
            route: destinations.map((d) => ({ ...d, destination: { ...d.destination, port } })),
            ...rest,
        };
    });
}

/** Object name of a host's VirtualService (`api.internal` -> `api-internal`). */
export function hostObjectName(host: string): string {
    return host.replace(/\./g, "-");
}

/**
 * The VirtualService of one host on the gateway: `/health` answered by the gateway itself (Istio
 * `directResponse`, in the v1 API and in the 1.27 CRDs), then each service's paths, longest prefix
 * first so nested prefixes reach the most specific service. Anything else gets Envoy's 404.
 */
export function buildHostVirtualService(
    namespace: string,
    host: string,
    services: readonly ExposedService[],
) {
    const ordered = [...services]
        .filter((s) => s.expose.host === host)
        .sort(
            (a, b) =>
                b.expose.pathPrefix.length - a.expose.pathPrefix.length ||
                a.expose.pathPrefix.localeCompare(b.expose.pathPrefix),
        );
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: { name: hostObjectName(host), namespace, labels: labels() },
        spec: {
            hosts: [host],
            gateways: [GATEWAY_OBJECT],
            http: [
                {
                    name: "health",
                    match: [{ uri: { exact: HEALTH_PATH } }],
                    directResponse: { status: 200, body: { string: "ok\n" } },
                },
                ...ordered.flatMap(serviceRoutes),
            ],
        },
    };
}

/** Distinct exposed hosts, sorted. */
export function exposedHosts(services: readonly ExposedService[]): string[] {
    return [...new Set(services.map((s) => s.expose.host))].sort();
}

/** The Service host a route sends to (for docs and tests). */
export { serviceHost };
