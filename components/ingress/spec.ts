/**
 * Pure builders for the ingress routes (networking.istio.io/v1): the gateway's listener, one
 * VirtualService per exposed host with a `/health` answer and one route per exposed service, the
 * delegate VirtualService of a service whose releases Argo Rollouts shifts, and the
 * AuthorizationPolicy rule that admits the gateway to an exposed service's paths.
 *
 * Delegation (istio/istio 1.30.3 `pilot/pkg/model/virtualservice_controller.go`, the root and delegate
 * collection, and `virtualservice.go`, `MergeHTTPRoutes`,
 * `mergeHTTPRoute`, `mergeHTTPMatchRequests`): a root route with `delegate` is replaced by the
 * delegate's routes, each match of a delegate route ANDed with the root route's matches (a delegate
 * match must be a subset of one of them, else the whole delegate route is dropped), route names
 * joined as `<root>-<delegate>`. A delegate has no hosts and no gateways
 * (`pkg/config/validation/validation.go`, `ValidateVirtualService`) and must be exported to the
 * root's namespace.
 */
import { PART_OF, WorkloadIdentity } from "../internal/labels";
import {
    buildVirtualService,
    Canary,
    ingressDelegateName,
    RetryPolicy,
} from "../mesh-policy/routes";
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
    /**
     * Argo Rollouts shifts this service's traffic (it runs as a canary Rollout): the host
     * VirtualService delegates the service's paths to {@link buildIngressDelegate}, whose weights and
     * header route Argo Rollouts sets, so external traffic follows the release. Excludes `canary`.
     *
     * @default false
     */
    readonly rollout?: boolean;
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
        workload: { identity: gateway },
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

/** Validates what the types cannot: a service Argo Rollouts shifts has no canary of its own. */
export function validateExposedServices(name: string, services: readonly ExposedService[]): void {
    services.forEach((s, i) => {
        if (s.rollout && s.canary) {
            throw new Error(
                `IngressRoutes '${name}': \`services[${i}].canary\` must be unset with rollout (Argo Rollouts sets the weights and header route of ${s.identity.app}), got ${JSON.stringify(s.canary)}`,
            );
        }
    });
}

/** One HTTP route of a host VirtualService on the gateway (Istio `HTTPRoute`). */
export type IngressHttpRoute = { readonly name: string } & Readonly<Record<string, unknown>>;

/** Whether an Istio string match (`exact`/`prefix`) selects only paths of the exposed prefix. */
function withinPrefix(uri: { exact?: string; prefix?: string }, pathPrefix: string): boolean {
    const value = uri.exact ?? uri.prefix ?? "";
    return value === pathPrefix || value.startsWith(`${pathPrefix}/`);
}

/**
 * A service's mesh route matches, limited to its exposed paths: a match without a path gets each of
 * the exposed path matches; a match with its own path (an opted-in idempotent POST API) is kept when
 * the path lies under the exposed prefix and dropped otherwise (it can never come through the
 * gateway, and widening it to the whole prefix would retry every POST of the service).
 */
export function scopedMatches(
    matches: readonly Record<string, unknown>[] | undefined,
    pathPrefix: string,
    addPaths: boolean,
): Record<string, unknown>[] {
    const paths = pathMatches(pathPrefix);
    return (matches ?? [{}]).flatMap((m) => {
        const uri = m.uri as { exact?: string; prefix?: string } | undefined;
        if (uri) {
            return withinPrefix(uri, pathPrefix) ? [m] : [];
        }
        return addPaths ? paths.map((p) => ({ ...m, ...p })) : [m];
    });
}

/** The mesh routes of an exposed service towards its Service's HTTP port, matches scoped to its paths. */
function exposedRoutes(service: ExposedService, canary: Canary | undefined, addPaths: boolean) {
    const { http } = buildVirtualService(service.identity, {
        timeout: service.timeout ?? "10s",
        retries: service.retries,
        canary,
    }).spec;
    const port = { number: SERVICE_HTTP_PORT };
    return http.flatMap((route) => {
        const {
            match,
            route: destinations,
            ...rest
        } = route as typeof route & {
            match?: Record<string, unknown>[];
        };
        const scoped = scopedMatches(match, service.expose.pathPrefix, addPaths);
        if (match !== undefined && scoped.length === 0) {
            return [];
        }
        return [
            {
                ...rest,
                ...(match !== undefined || addPaths ? { match: scoped } : {}),
                route: destinations.map((d) => ({
                    ...d,
                    destination: { ...d.destination, port },
                })),
            },
        ];
    });
}

/**
 * The routes of one exposed service on its host's VirtualService. A service that Argo Rollouts
 * shifts gets one route that delegates its paths to its {@link buildIngressDelegate}; any other
 * service gets its own mesh routes (the same safe retries: only idempotent requests retry on
 * `retryOn`, everything else only when it never reached the service), limited to its paths.
 */
export function serviceRoutes(service: ExposedService): IngressHttpRoute[] {
    const app = service.identity.app;
    if (service.rollout) {
        return [
            {
                name: app,
                match: pathMatches(service.expose.pathPrefix),
                delegate: { name: ingressDelegateName(app), namespace: service.identity.namespace },
            },
        ];
    }
    return exposedRoutes(service, service.canary, true).map((r) => ({
        ...r,
        name: `${app}-${r.name}`,
    }));
}

/**
 * The delegate VirtualService of an exposed service that runs as a canary Rollout, in the service's
 * namespace: its mesh routes (`idempotent`, `default`: stable 100, canary 0) towards its Service,
 * which Argo Rollouts lists beside the mesh VirtualService and sets the weights of. Its routes carry
 * no path match of their own: Istio ANDs them with the root route's path matches, and so also the
 * `version` header route Argo Rollouts inserts (which has no path match): only requests to this
 * service's paths follow the header to its canary. Exported to the gateway's namespace only.
 */
export function buildIngressDelegate(service: ExposedService, gatewayNamespace: string) {
    const app = service.identity.app;
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: {
            name: ingressDelegateName(app),
            namespace: service.identity.namespace,
            labels: labels(),
        },
        spec: {
            exportTo: [gatewayNamespace],
            http: exposedRoutes(service, { weight: 0 }, false),
        },
    };
}

/** Object name of a host's VirtualService (`api.internal` -> `api-internal`). */
export function hostObjectName(host: string): string {
    return host.replace(/\./g, "-");
}

/**
 * The VirtualService of one host on the gateway: `/health` answered by the gateway itself (Istio
 * `directResponse`, in the v1 API and in the 1.30 CRDs), then each service's paths, longest prefix
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
