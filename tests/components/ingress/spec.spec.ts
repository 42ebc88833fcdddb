import * as assert from "assert";

import {
    buildGateway,
    buildHostVirtualService,
    buildIngressDelegate,
    ExposedService,
    gatewayCallerRule,
    pathMatches,
    scopedMatches,
    validateExposedServices,
} from "../../../components/ingress/spec";
import { workloadIdentity } from "../../../components/internal/labels";
import { DEFAULT_RETRIES, IDEMPOTENT_METHODS } from "../../../components/mesh-policy/routes";
import { buildAuthorizationPolicy } from "../../../components/mesh-policy/spec";
import { IstioHttpRoute } from "../../helpers/views";

const NS = "supply-chain";
const exposed = (app: string, pathPrefix: string, host = "api.internal"): ExposedService => ({
    identity: workloadIdentity(app, NS),
    expose: { host, pathPrefix },
    retries: DEFAULT_RETRIES,
});
const GATEWAY = workloadIdentity("istio-ingress", "istio-ingress");

/** The routes of a host's VirtualService, as Istio's HTTPRoute type reads them. */
const routesOf = (vs: ReturnType<typeof buildHostVirtualService>): IstioHttpRoute[] => vs.spec.http;

describe("ingress/spec", () => {
    it("listens for plain HTTP on the gateway pods' port 80 for every exposed host", () => {
        assert.deepStrictEqual(
            buildGateway(
                "istio-ingress",
                { app: "istio-ingress", istio: "ingress" },
                ["api.internal"],
                80,
            ).spec,
            {
                selector: { app: "istio-ingress", istio: "ingress" },
                servers: [
                    {
                        port: { number: 80, name: "http", protocol: "HTTP" },
                        hosts: ["api.internal"],
                    },
                ],
            },
        );
    });

    it("answers /health itself, then routes each exposed path to its service, longest prefix first", () => {
        const vs = buildHostVirtualService("istio-ingress", "api.internal", [
            exposed("inventory", "/inventory"),
            exposed("reports", "/inventory/reports"),
            exposed("other-host", "/x", "admin.internal"),
        ]);
        assert.deepStrictEqual(vs.metadata.name, "api-internal");
        assert.deepStrictEqual(vs.spec.hosts, ["api.internal"]);
        assert.deepStrictEqual(vs.spec.gateways, ["ingress"]);
        assert.deepStrictEqual(vs.spec.http[0], {
            name: "health",
            match: [{ uri: { exact: "/health" } }],
            directResponse: { status: 200, body: { string: "ok\n" } },
        });
        const stable = (app: string) => [
            {
                destination: {
                    host: `${app}.supply-chain.svc.cluster.local`,
                    subset: "stable",
                    port: { number: 80 },
                },
                weight: 100,
            },
        ];
        // Idempotent methods on the service's paths, then everything else on them.
        const byMethod = (prefix: string) =>
            IDEMPOTENT_METHODS.flatMap((m) =>
                pathMatches(prefix).map((p) => ({ method: { exact: m }, ...p })),
            );
        assert.deepStrictEqual(
            routesOf(vs)
                .slice(1)
                .map((r) => [r.name, r.match, r.route]),
            [
                ["reports-idempotent", byMethod("/inventory/reports"), stable("reports")],
                ["reports-default", pathMatches("/inventory/reports"), stable("reports")],
                ["inventory-idempotent", byMethod("/inventory"), stable("inventory")],
                [
                    "inventory-default",
                    [{ uri: { exact: "/inventory" } }, { uri: { prefix: "/inventory/" } }],
                    stable("inventory"),
                ],
            ],
        );
    });

    it("keeps the service's timeout, retries and canary split on external routes, without faults", () => {
        const vs = buildHostVirtualService("istio-ingress", "api.internal", [
            {
                ...exposed("inventory", "/inventory"),
                timeout: "5s",
                canary: { weight: 10, header: { name: "version", exact: "v2" } },
            },
        ]);
        const routes = routesOf(vs);
        assert.deepStrictEqual(
            routes.map((r) => r.name),
            [
                "health",
                "inventory-canary-by-header-idempotent",
                "inventory-canary-by-header",
                "inventory-idempotent",
                "inventory-default",
            ],
        );
        const [, , byHeader, idempotent, rest] = routes;
        assert.deepStrictEqual(byHeader.match, [
            { headers: { version: { exact: "v2" } }, uri: { exact: "/inventory" } },
            { headers: { version: { exact: "v2" } }, uri: { prefix: "/inventory/" } },
        ]);
        for (const split of [idempotent, rest]) {
            assert.deepStrictEqual(
                split.route!.map((r) => [r.destination.subset, r.weight]),
                [
                    ["stable", 90],
                    ["canary", 10],
                ],
            );
            assert.strictEqual(split.timeout, "5s");
            assert.strictEqual(split.fault, undefined);
        }
        // A POST through the gateway is retried only when it never reached the service.
        assert.deepStrictEqual(
            [idempotent.retries!.retryOn, rest.retries!.retryOn, byHeader.retries!.retryOn],
            [
                DEFAULT_RETRIES.retryOn,
                "connect-failure,refused-stream",
                "connect-failure,refused-stream",
            ],
        );
    });

    it("hands a Rollout service's paths to its delegate, which carries its weighted routes without paths", () => {
        const inventory = { ...exposed("inventory", "/inventory"), rollout: true };
        const vs = buildHostVirtualService("istio-ingress", "api.internal", [
            inventory,
            exposed("order", "/orders"),
        ]);
        assert.deepStrictEqual(
            routesOf(vs).map((r) => r.name),
            ["health", "inventory", "order-idempotent", "order-default"],
        );
        assert.deepStrictEqual(vs.spec.http[1], {
            name: "inventory",
            match: [{ uri: { exact: "/inventory" } }, { uri: { prefix: "/inventory/" } }],
            delegate: { name: "inventory-ingress", namespace: NS },
        });
        const delegate = buildIngressDelegate(inventory, "istio-ingress");
        assert.deepStrictEqual(
            [delegate.metadata.name, delegate.metadata.namespace, delegate.spec.exportTo],
            ["inventory-ingress", NS, ["istio-ingress"]],
        );
        assert.deepStrictEqual(
            Object.keys(delegate.spec),
            ["exportTo", "http"],
            "no hosts, no gateways",
        );
        const http: IstioHttpRoute[] = delegate.spec.http;
        assert.deepStrictEqual(
            http.map((r) => [
                r.name,
                r.match?.map((m) => m.method?.exact),
                r.route!.map((d) => [d.destination.subset, d.destination.port!.number, d.weight]),
            ]),
            [
                [
                    "idempotent",
                    [...IDEMPOTENT_METHODS],
                    [
                        ["stable", 80, 100],
                        ["canary", 80, 0],
                    ],
                ],
                [
                    "default",
                    undefined,
                    [
                        ["stable", 80, 100],
                        ["canary", 80, 0],
                    ],
                ],
            ],
        );
        assert.ok(http.every((r) => r.match?.every((m) => m.uri === undefined) ?? true));
    });

    it("keeps an opted-in POST route's own path under the exposed prefix and drops one outside it", () => {
        const methodOnly = { method: { exact: "GET" } };
        const inside = { method: { exact: "POST" }, uri: { prefix: "/inventory/quotes" } };
        const outside = { method: { exact: "POST" }, uri: { exact: "/api/v1/quotes" } };
        assert.deepStrictEqual(scopedMatches([methodOnly, inside, outside], "/inventory", true), [
            { method: { exact: "GET" }, uri: { exact: "/inventory" } },
            { method: { exact: "GET" }, uri: { prefix: "/inventory/" } },
            inside,
        ]);
        assert.deepStrictEqual(scopedMatches([methodOnly, inside, outside], "/inventory", false), [
            methodOnly,
            inside,
        ]);
    });

    it("fails when a Rollout service also declares a canary of its own", () => {
        assert.throws(
            () =>
                validateExposedServices("ingress", [
                    exposed("order", "/orders"),
                    {
                        ...exposed("inventory", "/inventory"),
                        rollout: true,
                        canary: { weight: 10 },
                    },
                ]),
            {
                message:
                    "IngressRoutes 'ingress': `services[1].canary` must be unset with rollout (Argo Rollouts sets the weights and header route of inventory), got {\"weight\":10}",
            },
        );
    });

    it("admits the gateway's principal to the exposed paths only", () => {
        const authz = buildAuthorizationPolicy(
            workloadIdentity("inventory", NS),
            [gatewayCallerRule(GATEWAY, { host: "api.internal", pathPrefix: "/inventory" })],
            [],
            "cluster.local",
        );
        assert.deepStrictEqual(authz.spec.rules, [
            {
                from: [
                    { source: { principals: ["cluster.local/ns/istio-ingress/sa/istio-ingress"] } },
                ],
                to: [{ operation: { paths: ["/inventory", "/inventory/*"] } }],
            },
        ]);
    });
});
