import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import {
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

const workload = (app: string, version = "v1.2.3"): MeshWorkload => ({
    identity: workloadIdentity(app, "supply-chain"),
    version,
});
const inventory = workload("inventory");
const order = workload("order");
const ml = workload("ml-prediction", "v2.1.0");

describe("MeshPolicy", () => {
    it("creates exactly an AuthorizationPolicy, a DestinationRule and a VirtualService", async () => {
        const rec = freshRecorder();
        new MeshPolicy("inventory-mesh", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            target: inventory,
            allowFrom: [order],
        });
        await settle();
        assert.deepStrictEqual(
            typeNames(rec.resources.filter((r) => r.name !== "k")),
            typeNames(
                [
                    ["platform:mesh:MeshPolicy", "inventory-mesh"],
                    ["kubernetes:security.istio.io/v1:AuthorizationPolicy", "inventory-mesh-authz"],
                    ["kubernetes:networking.istio.io/v1:DestinationRule", "inventory-mesh-dr"],
                    ["kubernetes:networking.istio.io/v1:VirtualService", "inventory-mesh-vs"],
                ].map(([type, name]) => ({ type, name }) as never),
            ),
        );
    });

    it("derives principals from the callers' identities, with the seed's methods and an admin rule", async () => {
        const rec = freshRecorder();
        const policy = new MeshPolicy("inventory-mesh", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            target: inventory,
            allowFrom: [
                { workload: order, methods: ["GET", "POST", "PUT"] },
                { workload: ml, methods: ["GET", "POST", "PUT"] },
            ],
            admins: [workloadIdentity("admin-sa", "supply-chain")],
        });
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
        new MeshPolicy("inventory-mesh", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            target: inventory,
            canary: { version: "v1.3.0", weight: 10 },
        });
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
                subsets: [
                    { name: "stable", labels: { version: "v1.2.3" } },
                    { name: "canary", labels: { version: "v1.3.0" } },
                ],
            },
        );
    });

    it("routes the canary by header and by weight, with the seed's retries", async () => {
        const rec = freshRecorder();
        new MeshPolicy("inventory-mesh", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            target: inventory,
            canary: { version: "v1.3.0", weight: 10, header: { name: "version", exact: "v2" } },
        });
        await settle();
        const host = "inventory.supply-chain.svc.cluster.local";
        const retries = {
            attempts: 3,
            perTryTimeout: "2s",
            retryOn: "5xx,reset,connect-failure,refused-stream",
        };
        assert.deepStrictEqual(
            (
                rec.get("kubernetes:networking.istio.io/v1:VirtualService", "inventory-mesh-vs")
                    .inputs.spec as any
            ).http,
            [
                {
                    name: "canary-by-header",
                    match: [{ headers: { version: { exact: "v2" } } }],
                    route: [{ destination: { host, subset: "canary" }, weight: 100 }],
                    timeout: "10s",
                    retries,
                },
                {
                    name: "default",
                    route: [
                        { destination: { host, subset: "stable" }, weight: 90 },
                        { destination: { host, subset: "canary" }, weight: 10 },
                    ],
                    timeout: "10s",
                    retries,
                },
            ],
        );
    });

    it("injects the seed's delay only when asked", async () => {
        const rec = freshRecorder();
        new MeshPolicy("inventory-mesh", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            target: inventory,
            faultInjection: { delay: { percentage: 0.1, fixedDelay: "5s" } },
        });
        await settle();
        const route = (
            rec.get("kubernetes:networking.istio.io/v1:VirtualService", "inventory-mesh-vs").inputs
                .spec as any
        ).http[0];
        assert.deepStrictEqual(route.fault, {
            delay: { percentage: { value: 0.1 }, fixedDelay: "5s" },
        });
    });

    it("produces objects that validate against the upstream Istio schemas", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MeshPolicy("inventory-mesh", {
            provider: p,
            target: inventory,
            allowFrom: [{ workload: order, methods: ["GET"], paths: ["/api/*"] }],
            canary: { version: "v1.3.0", weight: 10, header: { name: "version", exact: "v2" } },
            faultInjection: { abort: { percentage: 1, httpStatus: 503 } },
        });
        new MeshNamespacePolicy("ns", { provider: p, namespace: "supply-chain" });
        await settle();
        const validator = new SchemaValidator();
        const manifests = collectManifests(rec.resources);
        assert.strictEqual(manifests.length, 5);
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
        it("fails when the canary weight is outside 0..100", () => {
            assert.throws(
                () =>
                    validateMeshPolicyArgs("inventory-mesh", {
                        provider: p,
                        target: inventory,
                        canary: { version: "v2", weight: 120 },
                    }),
                {
                    message:
                        "MeshPolicy 'inventory-mesh': `canary.weight` must be between 0 and 100, got 120",
                },
            );
        });
        it("fails when the canary has no subset version", () => {
            assert.throws(
                () =>
                    validateMeshPolicyArgs("inventory-mesh", {
                        provider: p,
                        target: inventory,
                        canary: { version: "", weight: 10 },
                    }),
                {
                    message:
                        "MeshPolicy 'inventory-mesh': `canary.version` must name the canary subset's version label, got \"\"",
                },
            );
        });
        it("fails when the canary is the stable version", () => {
            assert.throws(
                () =>
                    validateMeshPolicyArgs("inventory-mesh", {
                        provider: p,
                        target: inventory,
                        canary: { version: "v1.2.3", weight: 10 },
                    }),
                {
                    message:
                        "MeshPolicy 'inventory-mesh': `canary.version` must differ from the stable version (v1.2.3), got \"v1.2.3\"",
                },
            );
        });
    });
});

describe("MeshNamespacePolicy", () => {
    it("creates a STRICT PeerAuthentication and an allow-nothing default, ordered after Istio", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        const istio = new k8s.core.v1.Namespace("istio", {}, { provider: p });
        new MeshNamespacePolicy("ns", { provider: p, namespace: "supply-chain", istio: [istio] });
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

    it("is PERMISSIVE only during a declared migration window", async () => {
        const rec = freshRecorder();
        new MeshNamespacePolicy("ns", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            namespace: "legacy",
            permissive: true,
        });
        await settle();
        assert.deepStrictEqual(
            (
                rec.get("kubernetes:security.istio.io/v1:PeerAuthentication", "ns-peer-authn")
                    .inputs.spec as any
            ).mtls,
            { mode: "PERMISSIVE" },
        );
    });
});
