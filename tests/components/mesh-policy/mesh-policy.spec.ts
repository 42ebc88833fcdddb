import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import {
    DEFAULT_RETRIES,
    MeshNamespacePolicy,
    MeshPolicy,
    MeshWorkload,
    validateMeshPolicyArgs,
} from "../../../components/mesh-policy";
import { workloadIdentity } from "../../../components/internal/labels";
import { collectManifests } from "../../../tools/offline/render";
import { SchemaValidator } from "../../../tools/offline/schemas";
import { field } from "../../../lib/kubernetes";
import { freshRecorder, settle, typeNames } from "../../helpers/pulumi";
import { MeshPolicyCase, onPlatform } from "../../helpers/platform";
import { objectOf } from "../../helpers/views";

const workload = (app: string, version = "v1.2.3"): MeshWorkload => ({
    identity: workloadIdentity(app, "supply-chain"),
    version,
});
const inventory = workload("inventory");
/** inventory while canary pods run beside the stable ones. */
const inventoryWithCanary: MeshWorkload = { ...inventory, canaryPods: true };
const order = workload("order");
const HOST = "inventory.supply-chain.svc.cluster.local";
const ml = workload("ml-prediction", "v2.1.0");

describe("MeshPolicy", () => {
    it("creates exactly an AuthorizationPolicy, a DestinationRule, a VirtualService and a Sidecar", async () => {
        const rec = freshRecorder();
        new MeshPolicy(
            "inventory-mesh",
            onPlatform({
                provider: new k8s.Provider("k", { kubeconfig: "{}" }),
                target: inventory,
                allowFrom: [order],
            }),
        );
        await settle();
        assert.deepStrictEqual(
            typeNames(rec.resources.filter((r) => r.name !== "k")),
            typeNames(
                [
                    ["platform:mesh:MeshPolicy", "inventory-mesh"],
                    ["kubernetes:security.istio.io/v1:AuthorizationPolicy", "inventory-mesh-authz"],
                    ["kubernetes:networking.istio.io/v1:DestinationRule", "inventory-mesh-dr"],
                    ["kubernetes:networking.istio.io/v1:VirtualService", "inventory-mesh-vs"],
                    ["kubernetes:networking.istio.io/v1:Sidecar", "inventory-mesh-sidecar"],
                ].map(([type, name]) => ({ type, name }) as never),
            ),
        );
    });

    it("derives principals from the callers' identities, with the seed's methods and an admin rule", async () => {
        const rec = freshRecorder();
        const policy = new MeshPolicy(
            "inventory-mesh",
            onPlatform({
                provider: new k8s.Provider("k", { kubeconfig: "{}" }),
                target: inventory,
                allowFrom: [
                    { workload: order, methods: ["GET", "POST", "PUT"] },
                    { workload: ml, methods: ["GET", "POST", "PUT"] },
                ],
                admins: [workloadIdentity("admin-sa", "supply-chain")],
            }),
        );
        await settle();
        assert.deepStrictEqual(
            rec.get("kubernetes:security.istio.io/v1:AuthorizationPolicy", "inventory-mesh-authz")
                .inputs.spec,
            {
                selector: { matchLabels: { app: "inventory" } },
                action: "ALLOW",
                rules: [
                    {
                        from: [
                            { source: { principals: ["cluster.local/ns/supply-chain/sa/order"] } },
                        ],
                        to: [{ operation: { methods: ["GET", "POST", "PUT"] } }],
                    },
                    {
                        from: [
                            {
                                source: {
                                    principals: ["cluster.local/ns/supply-chain/sa/ml-prediction"],
                                },
                            },
                        ],
                        to: [{ operation: { methods: ["GET", "POST", "PUT"] } }],
                    },
                    {
                        from: [
                            {
                                source: {
                                    principals: ["cluster.local/ns/supply-chain/sa/admin-sa"],
                                },
                            },
                        ],
                    },
                ],
            },
        );
        assert.deepStrictEqual(policy.allowedPrincipals, [
            "cluster.local/ns/supply-chain/sa/order",
            "cluster.local/ns/supply-chain/sa/ml-prediction",
            "cluster.local/ns/supply-chain/sa/admin-sa",
        ]);
    });

    it("uses ISTIO_MUTUAL with the seed's connection pool and outlier detection (not the seed's invalid circuitBreaker)", async () => {
        const rec = freshRecorder();
        new MeshPolicy(
            "inventory-mesh",
            onPlatform({
                provider: new k8s.Provider("k", { kubeconfig: "{}" }),
                target: inventoryWithCanary,
                canary: { weight: 10 },
            }),
        );
        await settle();
        assert.deepStrictEqual(
            rec.get("kubernetes:networking.istio.io/v1:DestinationRule", "inventory-mesh-dr").inputs
                .spec,
            {
                host: "inventory.supply-chain.svc.cluster.local",
                trafficPolicy: {
                    tls: { mode: "ISTIO_MUTUAL" },
                    connectionPool: {
                        tcp: { maxConnections: 100 },
                        http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 },
                    },
                    outlierDetection: {
                        consecutive5xxErrors: 3,
                        interval: "30s",
                        baseEjectionTime: "30s",
                        maxEjectionPercent: 50,
                    },
                },
                // `track`, not `version`: an image bump must not empty the stable subset mid-rollout
                subsets: [
                    { name: "stable", labels: { track: "stable" } },
                    { name: "canary", labels: { track: "canary" } },
                ],
            },
        );
    });

    it("has only a stable subset, selected by track, and routes everything there without canary pods", async () => {
        const rec = freshRecorder();
        new MeshPolicy(
            "inventory-mesh",
            onPlatform({
                provider: new k8s.Provider("k", { kubeconfig: "{}" }),
                target: inventory,
                canary: { weight: 0 },
            }),
        );
        await settle();
        const dr = objectOf(
            rec,
            "kubernetes:networking.istio.io/v1:DestinationRule",
            "inventory-mesh-dr",
        );
        assert.deepStrictEqual(dr.spec!.subsets, [{ name: "stable", labels: { track: "stable" } }]);
        const vs = objectOf(
            rec,
            "kubernetes:networking.istio.io/v1:VirtualService",
            "inventory-mesh-vs",
        );
        assert.deepStrictEqual(
            vs.spec!.http!.map((r) => [r.name, r.route]),
            [
                ["idempotent", [{ destination: { host: HOST, subset: "stable" }, weight: 100 }]],
                ["default", [{ destination: { host: HOST, subset: "stable" }, weight: 100 }]],
            ],
        );
    });

    it("routes the canary by header and by weight while canary pods run", async () => {
        const rec = freshRecorder();
        new MeshPolicy(
            "inventory-mesh",
            onPlatform({
                provider: new k8s.Provider("k", { kubeconfig: "{}" }),
                target: inventoryWithCanary,
                canary: { weight: 10, header: { name: "version", exact: "v2" } },
            }),
        );
        await settle();
        const toCanary = [{ destination: { host: HOST, subset: "canary" }, weight: 100 }];
        const split = [
            { destination: { host: HOST, subset: "stable" }, weight: 90 },
            { destination: { host: HOST, subset: "canary" }, weight: 10 },
        ];
        assert.deepStrictEqual(
            objectOf(
                rec,
                "kubernetes:networking.istio.io/v1:VirtualService",
                "inventory-mesh-vs",
            ).spec!.http!.map((r) => [r.name, r.match?.length ?? 0, r.route, r.retries!.retryOn]),
            [
                [
                    "canary-by-header-idempotent",
                    5,
                    toCanary,
                    "5xx,reset,connect-failure,refused-stream",
                ],
                ["canary-by-header", 1, toCanary, "connect-failure,refused-stream"],
                ["idempotent", 5, split, "5xx,reset,connect-failure,refused-stream"],
                ["default", 0, split, "connect-failure,refused-stream"],
            ],
        );
    });

    it("injects the seed's delay only when asked", async () => {
        const rec = freshRecorder();
        new MeshPolicy(
            "inventory-mesh",
            onPlatform({
                provider: new k8s.Provider("k", { kubeconfig: "{}" }),
                target: inventory,
                faultInjection: { delay: { percentage: 0.1, fixedDelay: "5s" } },
            }),
        );
        await settle();
        const routes = objectOf(
            rec,
            "kubernetes:networking.istio.io/v1:VirtualService",
            "inventory-mesh-vs",
        ).spec!.http!;
        for (const route of routes) {
            assert.deepStrictEqual(route.fault, {
                delay: { percentage: { value: 0.1 }, fixedDelay: "5s" },
            });
        }
    });

    it("produces objects that validate against the upstream Istio schemas", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MeshPolicy(
            "inventory-mesh",
            onPlatform<MeshPolicyCase>({
                provider: p,
                target: {
                    ...inventoryWithCanary,
                    egress: [
                        {
                            key: "api.stripe.com",
                            host: "api.stripe.com",
                            port: 443,
                            protocol: "TLS",
                        },
                    ],
                },
                allowFrom: [{ workload: order, methods: ["GET"], paths: ["/api/*"] }],
                canary: { weight: 10, header: { name: "version", exact: "v2" } },
                retries: { ...DEFAULT_RETRIES, idempotentRoutes: [{ prefix: "/api/quotes" }] },
                faultInjection: { abort: { percentage: 1, httpStatus: 503 } },
            }),
        );
        new MeshNamespacePolicy("ns", {
            provider: p,
            namespace: "supply-chain",
            egress: [
                [
                    { key: "api.stripe.com", host: "api.stripe.com", port: 443, protocol: "TLS" },
                    {
                        key: "*.s3.us-west-2.amazonaws.com",
                        host: "*.s3.us-west-2.amazonaws.com",
                        port: 443,
                        protocol: "TLS",
                    },
                    {
                        key: "orders-db",
                        host: "orders.abc.us-west-2.rds.amazonaws.com",
                        port: 5432,
                        protocol: "TCP",
                    },
                ],
            ],
        });
        await settle();
        const validator = new SchemaValidator();
        const manifests = collectManifests(rec.resources);
        assert.strictEqual(manifests.length, 9);
        for (const m of manifests) {
            assert.deepStrictEqual(
                await validator.validate(m.object),
                { status: "valid" },
                `${m.object.kind} ${field(m.object, "metadata", "name")}`,
            );
        }
    });

    describe("validateMeshPolicyArgs", () => {
        const p = {} as k8s.Provider;
        const cases: { name: string; args: Omit<MeshPolicyCase, "provider">; message: string }[] = [
            {
                name: "the canary weight is outside 0..100",
                args: { target: inventoryWithCanary, canary: { weight: 120 } },
                message: "`canary.weight` must be between 0 and 100, got 120",
            },
            {
                name: "a canary weight routes to a workload without canary pods",
                args: { target: inventory, canary: { weight: 10 } },
                message:
                    "`canary.weight` must be 0 while the target runs no canary pods (no canary subset exists), got 10",
            },
            {
                name: "a canary header routes to a workload without canary pods",
                args: {
                    target: inventory,
                    canary: { weight: 0, header: { name: "version", exact: "v2" } },
                },
                message:
                    '`canary.header` must be unset while the target runs no canary pods (no canary subset exists), got {"name":"version","exact":"v2"}',
            },
            {
                name: "an idempotent route sets both prefix and exact",
                args: {
                    target: inventory,
                    retries: {
                        ...DEFAULT_RETRIES,
                        idempotentRoutes: [{ prefix: "/a", exact: "/a" }],
                    },
                },
                message:
                    '`retries.idempotentRoutes` entries must set exactly one of prefix and exact, got {"prefix":"/a","exact":"/a"}',
            },
        ];
        for (const c of cases) {
            it(`fails when ${c.name}`, () => {
                assert.throws(
                    () =>
                        validateMeshPolicyArgs(
                            "inventory-mesh",
                            onPlatform({ provider: p, ...c.args }),
                        ),
                    { message: `MeshPolicy 'inventory-mesh': ${c.message}` },
                );
            });
        }
    });
});

describe("MeshNamespacePolicy", () => {
    it("creates a STRICT PeerAuthentication and an allow-nothing default, ordered after Istio", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        const istio = new k8s.core.v1.Namespace("istio", {}, { provider: p });
        new MeshNamespacePolicy("ns", { provider: p, namespace: "supply-chain", waitFor: [istio] });
        await settle();
        const pa = rec.get("kubernetes:security.istio.io/v1:PeerAuthentication", "ns-peer-authn");
        assert.deepStrictEqual(pa.inputs, {
            apiVersion: "security.istio.io/v1",
            kind: "PeerAuthentication",
            metadata: { name: "default", namespace: "supply-chain" },
            spec: { mtls: { mode: "STRICT" } },
        });
        const deny = rec.get(
            "kubernetes:security.istio.io/v1:AuthorizationPolicy",
            "ns-allow-nothing",
        );
        assert.deepStrictEqual(
            [deny.inputs.metadata, deny.inputs.spec],
            [{ name: "allow-nothing", namespace: "supply-chain" }, {}],
        );
        assert.ok(pa.dependencies.includes(rec.get("kubernetes:core/v1:Namespace", "istio").urn));
    });
});
