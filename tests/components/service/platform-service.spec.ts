import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { workloadIdentity } from "../../../components/internal/labels";
import { DEFAULT_RETRIES } from "../../../components/mesh-policy";
import { mlService, platformService } from "../../../components/service";
import { field } from "../../../lib/kubernetes";
import { testPlatform } from "../../helpers/platform";
import { freshRecorder, settle } from "../../helpers/pulumi";
import { DEFAULT_NODE_GROUPS } from "../../../schemas/cluster";

const gateway = {
    namespace: "istio-ingress",
    identity: workloadIdentity("istio-ingress", "istio-ingress"),
    selector: { istio: "ingress" },
    hostname: pulumi.output("lb.example.com"),
    httpPort: 80,
    ready: [],
};

/** The components a composite created: type and name, and whether they sit at the stack root. */
const components = (rec: ReturnType<typeof freshRecorder>) =>
    rec.resources
        .filter((r) => r.type.startsWith("platform:"))
        .map((r) => [r.type, r.name, r.parent === undefined ? "root" : "child"])
        .sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));

const intent = {
    image: "registry.example.com/customer:v1.0.0",
    replicas: 1,
    resources: {
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "200m", memory: "256Mi" },
    },
};

describe("platformService", () => {
    it("creates the service, its mesh policy and its observability at the stack root (the URNs they always had), each after the namespace", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const ns = new k8s.core.v1.Namespace("ns", {}, { provider });
        const platform = testPlatform({
            provider,
            namespaceResource: ns,
            monitoring: true,
            gateway,
        });
        const s = platformService("inventory", {
            ...intent,
            platform,
            callers: ["order"],
            autoscaling: { minReplicas: 2, maxReplicas: 4 },
            replicas: undefined,
            expose: { host: "api.internal", pathPrefix: "/inventory" },
            mesh: { rules: { order: { methods: ["GET"] } }, timeout: "5s" },
        });
        await settle();
        assert.deepStrictEqual(components(rec), [
            ["platform:apps:Microservice", "inventory", "root"],
            ["platform:mesh:MeshPolicy", "inventory-mesh", "root"],
            ["platform:observability:WorkloadObservability", "inventory-observability", "root"],
        ]);
        const nsUrn = rec.get("kubernetes:core/v1:Namespace", "ns").urn;
        for (const [type, name] of components(rec).slice(0, 2)) {
            assert.deepStrictEqual(rec.get(type, name).dependencies, [nsUrn], `${type} ${name}`);
        }
        // The caller and the gateway (exposed) are admitted; the gateway on the exposed paths only.
        const authz = rec.get(
            "kubernetes:security.istio.io/v1:AuthorizationPolicy",
            "inventory-mesh-authz",
        );
        assert.deepStrictEqual(
            (field(authz.inputs, "spec", "rules") as { from: unknown[] }[]).map((r) => r.from),
            [
                [{ source: { principals: ["cluster.local/ns/supply-chain/sa/order"] } }],
                [{ source: { principals: ["cluster.local/ns/istio-ingress/sa/istio-ingress"] } }],
            ],
        );
        assert.deepStrictEqual(s.ingress, {
            identity: workloadIdentity("inventory", "supply-chain"),
            expose: { host: "api.internal", pathPrefix: "/inventory" },
            timeout: "5s",
            retries: DEFAULT_RETRIES,
            rollout: false,
        });
    });

    it("creates no observability without monitoring and no ingress entry without a gateway", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const ns = new k8s.core.v1.Namespace("ns", {}, { provider });
        const s = platformService("customer", {
            ...intent,
            platform: testPlatform({ provider, namespaceResource: ns }),
            expose: { host: "api.internal", pathPrefix: "/customer" },
        });
        await settle();
        assert.strictEqual(s.observability, undefined);
        assert.strictEqual(s.ingress, undefined);
        assert.deepStrictEqual(components(rec), [
            ["platform:apps:Microservice", "customer", "root"],
            ["platform:mesh:MeshPolicy", "customer-mesh", "root"],
        ]);
    });
});

describe("mlService", () => {
    it("creates the model server, its mesh policy and its ML serving observability at the stack root", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const ns = new k8s.core.v1.Namespace("ns", {}, { provider });
        const crd = new k8s.core.v1.Namespace("crd", {}, { provider });
        mlService("ml-prediction", {
            platform: testPlatform({
                provider,
                namespaceResource: ns,
                monitoring: true,
                mlModelCrd: crd,
                nodeGroups: { ml: DEFAULT_NODE_GROUPS.ml },
            }),
            image: "registry.example.com/ml-prediction:v2.1.0",
            model: { name: "demand", version: "v2.1.0", framework: "tensorflow", replicas: 2 },
            resources: {
                requests: { cpu: "1", memory: "2Gi" },
                limits: { cpu: "2", memory: "4Gi" },
            },
            nodeGroup: "ml",
            callers: ["order"],
        });
        await settle();
        assert.deepStrictEqual(components(rec), [
            ["platform:apps:Microservice", "ml-prediction", "child"],
            ["platform:mesh:MeshPolicy", "ml-prediction-mesh", "root"],
            ["platform:ml:MLWorkload", "ml-prediction", "root"],
            ["platform:observability:WorkloadObservability", "ml-prediction-observability", "root"],
        ]);
        const dashboard = rec.get(
            "kubernetes:core/v1:ConfigMap",
            "ml-prediction-observability-dashboard",
        );
        assert.match(JSON.stringify(dashboard.inputs), /ml-prediction/);
    });
});
