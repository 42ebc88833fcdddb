import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { IngressGatewayRef, IngressRoutes } from "../../../components/ingress";
import { workloadIdentity } from "../../../components/internal/labels";
import { DEFAULT_RETRIES } from "../../../components/mesh-policy/routes";
import { childrenOf, freshRecorder, settle, typeNames } from "../../helpers/pulumi";
import { onPlatform } from "../../helpers/platform";
import { objectOf } from "../../helpers/views";

const gateway = (ready: pulumi.Resource[]): IngressGatewayRef => ({
    namespace: "istio-ingress",
    identity: workloadIdentity("istio-ingress", "istio-ingress"),
    selector: { app: "istio-ingress", istio: "ingress" },
    hostname: pulumi.output("k8s-istio-nlb.elb.us-west-2.amazonaws.com"),
    httpPort: 80,
    ready,
});
const service = (app: string, pathPrefix: string, host = "api.internal") => ({
    identity: workloadIdentity(app, "supply-chain"),
    expose: { host, pathPrefix },
    retries: DEFAULT_RETRIES,
});

describe("IngressRoutes", () => {
    it("creates exactly the Gateway, one VirtualService per host and the private zone with one record per host", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const lb = new k8s.core.v1.Service("lb", {}, { provider });
        new IngressRoutes(
            "in",
            onPlatform({
                provider,
                gateway: gateway([lb]),
                services: [
                    service("inventory", "/inventory"),
                    service("order", "/orders"),
                    service("admin", "/admin", "admin.internal"),
                ],
                dns: { zone: "internal", vpcId: "vpc-1" },
            }),
        );
        await settle();
        assert.deepStrictEqual(typeNames(childrenOf(rec, "platform:ingress:IngressRoutes", "in")), [
            ["aws:route53/record:Record", "in-admin-internal"],
            ["aws:route53/record:Record", "in-api-internal"],
            ["aws:route53/zone:Zone", "in-zone"],
            ["kubernetes:networking.istio.io/v1:Gateway", "in-gateway"],
            ["kubernetes:networking.istio.io/v1:VirtualService", "in-admin-internal"],
            ["kubernetes:networking.istio.io/v1:VirtualService", "in-api-internal"],
        ]);
        const zone = rec.get("aws:route53/zone:Zone", "in-zone");
        assert.deepStrictEqual(zone.inputs.vpcs, [{ vpcId: "vpc-1" }]);
        assert.strictEqual(zone.inputs.name, "internal");
        const record = rec.get("aws:route53/record:Record", "in-api-internal");
        assert.deepStrictEqual(
            [record.inputs.name, record.inputs.type, record.inputs.zoneId, record.inputs.aliases],
            [
                "api.internal",
                "A",
                "Z0123456789ABCDEFGHIJ",
                [
                    {
                        name: "k8s-istio-nlb.elb.us-west-2.amazonaws.com",
                        zoneId: "Z18D5FSROUN65G",
                        evaluateTargetHealth: true,
                    },
                ],
            ],
        );
        const gw = objectOf(rec, "kubernetes:networking.istio.io/v1:Gateway", "in-gateway");
        assert.deepStrictEqual(gw.spec!.servers![0].hosts, ["admin.internal", "api.internal"]);
        const vs = objectOf(
            rec,
            "kubernetes:networking.istio.io/v1:VirtualService",
            "in-api-internal",
        );
        assert.deepStrictEqual(
            vs.spec!.http!.map((r) => r.name),
            [
                "health",
                "inventory-idempotent",
                "inventory-default",
                "order-idempotent",
                "order-default",
            ],
        );
    });

    it("orders every route after the gateway's Service and chart", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const lb = new k8s.core.v1.Service("lb", {}, { provider });
        new IngressRoutes(
            "in",
            onPlatform({
                provider,
                gateway: gateway([lb]),
                services: [service("inventory", "/inventory")],
            }),
        );
        await settle();
        const lbUrn = rec.get("kubernetes:core/v1:Service", "lb").urn;
        for (const r of rec.resources.filter((r) => r.type.includes("networking.istio.io"))) {
            assert.deepStrictEqual(r.dependencies, [lbUrn], r.name);
        }
        assert.deepStrictEqual(rec.ofType("aws:route53/zone:Zone"), [], "no DNS unless asked");
    });

    it("creates nothing but the component when no service is exposed", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const routes = new IngressRoutes("in", onPlatform({ provider, gateway: gateway([]) }));
        await settle();
        assert.deepStrictEqual(childrenOf(rec, "platform:ingress:IngressRoutes", "in"), []);
        assert.deepStrictEqual(routes.hosts, []);
    });

    it("creates the delegate of a Rollout service in its namespace, after it, with the weights Argo Rollouts sets ignored", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const lb = new k8s.core.v1.Service("lb", {}, { provider });
        const ns = new k8s.core.v1.Namespace("ns", {}, { provider });
        new IngressRoutes(
            "in",
            onPlatform({
                provider,
                gateway: gateway([lb]),
                services: [{ ...service("inventory", "/inventory"), rollout: true }],
                namespaceResource: ns,
            }),
        );
        await settle();
        assert.deepStrictEqual(typeNames(childrenOf(rec, "platform:ingress:IngressRoutes", "in")), [
            ["kubernetes:networking.istio.io/v1:Gateway", "in-gateway"],
            ["kubernetes:networking.istio.io/v1:VirtualService", "in-api-internal"],
            ["kubernetes:networking.istio.io/v1:VirtualService", "in-inventory"],
        ]);
        const delegate = rec.get(
            "kubernetes:networking.istio.io/v1:VirtualService",
            "in-inventory",
        );
        assert.deepStrictEqual(delegate.ignoreChanges, [
            "spec.http[0].route[0].weight",
            "spec.http[0].route[1].weight",
            "spec.http[1].route[0].weight",
            "spec.http[1].route[1].weight",
        ]);
        assert.deepStrictEqual(delegate.dependencies, [
            rec.get("kubernetes:core/v1:Service", "lb").urn,
            rec.get("kubernetes:core/v1:Namespace", "ns").urn,
        ]);
        const root = rec.get("kubernetes:networking.istio.io/v1:VirtualService", "in-api-internal");
        assert.deepStrictEqual(
            root.ignoreChanges ?? [],
            [],
            "the host VirtualService carries no weight of Argo's",
        );
    });
});
