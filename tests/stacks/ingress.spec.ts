/**
 * Stack tests of the entry point: the real program with each committed stack file, under mocks.
 * Not proven here: what the charts render (opaque under mocks; their values are tested instead) and
 * that AWS accepts the load balancer (the controller creates it in a real cluster).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { IamPolicyDocument, SECURITY_GROUP_RESOURCE } from "../../components/addons";
import { reviewedResources } from "../../components/karpenter";
import { policySettings } from "../helpers/addon-workloads";
import { ROOT } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { objectsOf, viewOf } from "../helpers/views";

const evaluate = evaluatedStack;

const LB = "service.beta.kubernetes.io/aws-load-balancer";
const GATEWAY_PRINCIPAL = "cluster.local/ns/istio-ingress/sa/istio-ingress";
const EXPOSED: Record<string, string> = {
    inventory: "/inventory",
    order: "/orders",
    shipping: "/shipping",
    payment: "/payments",
    customer: "/customers",
};
const meta = (r: { inputs: Record<string, unknown> }) =>
    r.inputs.metadata as { name: string; namespace: string; annotations?: Record<string, string> };
const AUTHORIZATION_POLICY = "kubernetes:security.istio.io/v1:AuthorizationPolicy";

/** The ingress gateway chart's values these tests read (the chart's own keys). */
interface GatewayValues {
    readonly autoscaling: { readonly minReplicas: number; readonly maxReplicas: number };
    readonly podDisruptionBudget: unknown;
}

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: ingress`, () => {
        it("scopes the load balancer controller's IAM policy to this cluster's tag", async () => {
            const { recorder } = await evaluate(stack);
            const role = recorder.get(
                "aws:iam/role:Role",
                "platform-addons-aws-load-balancer-controller-irsa",
            );
            // EKS Pod Identity, for the controller's account of this cluster only
            assert.deepStrictEqual(
                JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition,
                {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:us-west-2:123456789012:cluster/supply-chain-${stack}`,
                        "aws:RequestTag/kubernetes-namespace": "kube-system",
                        "aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
                    },
                },
            );
            const policy = JSON.parse(
                recorder.get(
                    "aws:iam/rolePolicy:RolePolicy",
                    "platform-addons-aws-load-balancer-controller-irsa-policy",
                ).inputs.policy as string,
            ) as IamPolicyDocument;
            const conditions = policy.Statement.map((s) => s.Condition ?? {});
            const tagChecks = conditions.flatMap((c) =>
                Object.entries({ ...c.StringEquals, ...c.Null }).filter(([k]) =>
                    k.endsWith("/elbv2.k8s.aws/cluster"),
                ),
            );
            // 7 scoped to this cluster by name; 2 "must not be in the request" checks kept from upstream.
            assert.deepStrictEqual(
                tagChecks.filter(([, v]) => v !== "true").map(([, v]) => v),
                Array(7).fill(`supply-chain-${stack}`),
            );
            assert.deepStrictEqual(
                tagChecks.filter(([, v]) => v === "true").map(([k]) => k),
                Array(2).fill("aws:RequestTag/elbv2.k8s.aws/cluster"),
            );
            // Load balancer ARNs in this stack's region and account; the security group ARN (group IDs
            // are the controller's to choose, tag-conditioned) is the one the pack admits after review.
            const resources = new Set(policy.Statement.flatMap((st) => [st.Resource].flat()));
            assert.deepStrictEqual(
                [...resources].filter((r) => r !== "*" && !r.includes(":us-west-2:123456789012:")),
                [SECURITY_GROUP_RESOURCE],
            );
            assert.ok(
                resources.has(
                    "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/*/*",
                ),
            );
            const iamConfig = policySettings(stack)["iam-disallow-wildcard-actions"];
            assert.deepStrictEqual(
                [iamConfig.level, iamConfig.config.allowedResources],
                // Karpenter's reviewed ARNs (components/karpenter/iam.ts) follow the LBC's one.
                ["mandatory", [SECURITY_GROUP_RESOURCE, ...reviewedResources("aws", "us-west-2")]],
            );
        });

        it("puts the gateway behind an internal NLB (IP targets, health on 15021) after the controller", async () => {
            const { recorder } = await evaluate(stack);
            const svc = recorder.get("kubernetes:core/v1:Service", "platform-addons-ingress-lb");
            const annotations = meta(svc).annotations!;
            assert.deepStrictEqual(
                [
                    annotations[`${LB}-type`],
                    annotations[`${LB}-nlb-target-type`],
                    annotations[`${LB}-scheme`],
                    annotations[`${LB}-healthcheck-port`],
                    annotations[`${LB}-healthcheck-path`],
                    annotations[`${LB}-ssl-cert`],
                ],
                ["external", "ip", "internal", "15021", "/healthz/ready", undefined],
            );
            assert.deepStrictEqual(viewOf(svc, "kubernetes:core/v1:Service").spec.ports, [
                { name: "http", port: 80, targetPort: 80, protocol: "TCP" },
            ]);
            const controller = recorder.get(
                "kubernetes:helm.sh/v4:Chart",
                "platform-addons-aws-load-balancer-controller",
            );
            assert.ok(svc.dependencies.includes(controller.urn));
            const chart = recorder.get(
                "kubernetes:helm.sh/v4:Chart",
                "platform-addons-ingress-gateway",
            );
            assert.ok(
                chart.dependencies.includes(controller.urn),
                "gateway pods get the NLB readiness gate only from the running controller's webhook",
            );
            const values = chart.inputs.values as GatewayValues;
            assert.deepStrictEqual(
                [
                    values.autoscaling.minReplicas,
                    values.autoscaling.maxReplicas,
                    values.podDisruptionBudget,
                ],
                stack === "production"
                    ? [2, 5, { maxUnavailable: 1 }]
                    : [2, 3, { maxUnavailable: 1 }],
            );
        });

        it("listens for api.internal on the gateway and routes one path per exposed service, plus /health", async () => {
            const { recorder } = await evaluate(stack);
            const gw = recorder.get("kubernetes:networking.istio.io/v1:Gateway", "ingress-gateway");
            assert.deepStrictEqual(gw.inputs.spec, {
                selector: { app: "istio-ingress", istio: "ingress" },
                servers: [
                    {
                        port: { number: 80, name: "http", protocol: "HTTP" },
                        hosts: ["api.internal"],
                    },
                ],
            });
            const vs = recorder.get(
                "kubernetes:networking.istio.io/v1:VirtualService",
                "ingress-api-internal",
            );
            const spec = viewOf(vs, "kubernetes:networking.istio.io/v1:VirtualService").spec!;
            const http = spec.http!;
            assert.deepStrictEqual([spec.hosts, spec.gateways], [["api.internal"], ["ingress"]]);
            assert.deepStrictEqual(http[0].directResponse, {
                status: 200,
                body: { string: "ok\n" },
            });
            // inventory releases as a canary Rollout: its paths are delegated to the VirtualService
            // Argo Rollouts shifts; every other service is routed here.
            const routes = Object.fromEntries(
                http.slice(1).map((r) => {
                    const delegate = (r as { delegate?: { name: string; namespace: string } })
                        .delegate;
                    return [
                        delegate
                            ? `delegate ${delegate.namespace}/${delegate.name}`
                            : r.route![0].destination.host,
                        [
                            r.match!.map((m) => m.uri),
                            delegate ? 80 : r.route![0].destination.port!.number,
                        ],
                    ];
                }),
            );
            assert.deepStrictEqual(
                routes,
                Object.fromEntries(
                    Object.entries(EXPOSED).map(([app, p]) => [
                        app === "inventory"
                            ? "delegate supply-chain/inventory-ingress"
                            : `${app}.supply-chain.svc.cluster.local`,
                        [[{ exact: p }, { prefix: `${p}/` }], 80],
                    ]),
                ),
            );
            assert.ok(
                [gw, vs].every((r) =>
                    r.dependencies.includes(
                        recorder.get("kubernetes:core/v1:Service", "platform-addons-ingress-lb")
                            .urn,
                    ),
                ),
            );
        });

        it("admits the gateway only to exposed services, on their paths, in AuthorizationPolicy and NetworkPolicy", async () => {
            const { recorder } = await evaluate(stack);
            const gatewayRules = Object.fromEntries(
                recorder
                    .ofType(AUTHORIZATION_POLICY)
                    .filter(
                        (p) =>
                            meta(p).namespace === "supply-chain" &&
                            viewOf(p, AUTHORIZATION_POLICY).spec!.rules,
                    )
                    .map((p) => [
                        meta(p).name,
                        viewOf(p, AUTHORIZATION_POLICY)
                            .spec!.rules!.filter((r) =>
                                r.from!.some((f) =>
                                    f.source!.principals!.includes(GATEWAY_PRINCIPAL),
                                ),
                            )
                            .map((r) => [r.from!.length, r.to]),
                    ]),
            );
            assert.deepStrictEqual(gatewayRules, {
                ...Object.fromEntries(
                    Object.entries(EXPOSED).map(([app, p]) => [
                        app,
                        [[1, [{ operation: { paths: [p, `${p}/*`] } }]]],
                    ]),
                ),
                "ml-prediction": [],
            });
            // External traffic: the gateway is the only identity from outside the namespace that any
            // rule admits; every rule names principals (no namespace-, IP- or rule-less allowances)
            // and the namespace denies everything else by default.
            const policies = recorder
                .ofType(AUTHORIZATION_POLICY)
                .filter((p) => meta(p).namespace === "supply-chain");
            assert.deepStrictEqual(
                policies
                    .filter((p) => Object.keys(p.inputs.spec as object).length === 0)
                    .map((p) => meta(p).name),
                ["allow-nothing"],
            );
            const sources = policies.flatMap((p) =>
                (viewOf(p, AUTHORIZATION_POLICY).spec!.rules ?? []).flatMap((r) => {
                    assert.ok((r.from ?? []).length > 0, `${meta(p).name}: a rule without from`);
                    return r.from!.map((f) => f.source!);
                }),
            );
            assert.deepStrictEqual(
                [...new Set(sources.map((src) => Object.keys(src).join(",")))],
                ["principals"],
            );
            assert.deepStrictEqual(
                [
                    ...new Set(
                        sources
                            .flatMap((src) => src.principals!)
                            .filter((pr) => !pr.startsWith("cluster.local/ns/supply-chain/sa/")),
                    ),
                ],
                [GATEWAY_PRINCIPAL],
            );
            const admitsGateway = Object.fromEntries(
                objectsOf(recorder, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
                    .map((n) => n.object)
                    .map((n) => [
                        n.metadata.name,
                        n.spec.ingress.some((rule) =>
                            (rule.from ?? []).some(
                                (f) =>
                                    f.namespaceSelector?.matchLabels[
                                        "kubernetes.io/metadata.name"
                                    ] === "istio-ingress" &&
                                    f.podSelector?.matchLabels.app === "istio-ingress",
                            ),
                        ),
                    ]),
            );
            assert.deepStrictEqual(admitsGateway, {
                inventory: true,
                order: true,
                shipping: true,
                payment: true,
                customer: true,
                "ml-prediction": false,
            });
        });

        it("names api.internal in a Route 53 private zone for the cluster's VPC, aliased to the NLB", async () => {
            const { recorder, outputs } = await evaluate(stack);
            const zone = recorder.get("aws:route53/zone:Zone", "ingress-zone");
            assert.strictEqual(zone.inputs.name, "internal");
            assert.strictEqual((zone.inputs.vpcs as unknown[]).length, 1);
            const record = recorder.get("aws:route53/record:Record", "ingress-api-internal");
            assert.deepStrictEqual(
                [
                    record.inputs.name,
                    record.inputs.type,
                    (record.inputs.aliases as { name: string }[])[0].name,
                ],
                ["api.internal", "A", outputs.ingressLoadBalancer],
            );
            assert.deepStrictEqual(outputs.ingressHosts, ["api.internal"]);
            // The deploy smoke test calls this (.github/scripts/smoke-test.sh): the seed's check.
            assert.strictEqual(outputs.ingressHealthUrl, "http://api.internal/health");
        });
    });
}

describe("deploy smoke test", () => {
    it("calls the gateway's /health through the load balancer with curl -f (the seed's check)", () => {
        const script = fs.readFileSync(path.join(ROOT, ".github/scripts/smoke-test.sh"), "utf8");
        assert.match(script, /pulumi stack output ingressHealthUrl --stack "\$PULUMI_STACK"/);
        assert.match(script, /curl -fsS [^\n]*"\$health_url"/);
    });
});
