import * as assert from "assert";

import {
    ClusterAddons,
    GATEWAY_CHART_IMAGE,
    gatewayService,
    gatewayValues,
    IngressGatewaySettings,
    ingressGatewayWorkload,
    istiodValues,
} from "../../../../components/addons";
import { addonsArgsFor } from "../../../helpers/addons";
import { manifestsOf, packFindings, policySettings } from "../../../helpers/addon-workloads";
import { freshRecorder, settle, unwrap } from "../../../helpers/pulumi";
import { objectOf } from "../../../helpers/views";

const LB = "service.beta.kubernetes.io/aws-load-balancer";
const settings: IngressGatewaySettings = {
    namespace: "istio-ingress",
    scheme: "internal",
    replicas: { min: 2, max: 5 },
};
const CERT = "arn:aws:acm:us-west-2:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

describe("Istio ingress gateway add-on", () => {
    it("installs the namespace, the gateway chart after istiod and the controller, and the Service after the controller", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", {
            ...addonsArgsFor("production"),
            ingressGateway: settings,
        });
        await settle();
        const ns = rec.get("kubernetes:core/v1:Namespace", "a-ingress-ns");
        assert.deepStrictEqual(
            objectOf(rec, "kubernetes:core/v1:Namespace", "a-ingress-ns").metadata.labels,
            {
                "istio-injection": "enabled",
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
                "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
                "app.kubernetes.io/part-of": "supply-chain-platform",
                "app.kubernetes.io/managed-by": "pulumi",
            },
        );
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "a-ingress-gateway");
        assert.deepStrictEqual(
            [chart.inputs.chart, chart.inputs.version, chart.inputs.namespace],
            ["gateway", "1.30.3", "istio-ingress"],
        );
        const istiod = rec.get("kubernetes:helm.sh/v4:Chart", "a-istiod").urn;
        assert.ok(chart.dependencies.includes(ns.urn) && chart.dependencies.includes(istiod));
        const service = rec.get("kubernetes:core/v1:Service", "a-ingress-lb");
        const controller = rec.get("kubernetes:helm.sh/v4:Chart", "a-aws-load-balancer-controller");
        assert.ok(chart.dependencies.includes(controller.urn), "readiness gates need the webhook");
        assert.ok(service.dependencies.includes(controller.urn), "the controller owns the NLB");
        assert.deepStrictEqual(addons.ingress!.identity, {
            app: "istio-ingress",
            namespace: "istio-ingress",
            serviceAccountName: "istio-ingress",
        });
        assert.strictEqual(
            await unwrap(addons.ingress!.hostname),
            "k8s-istio-in-istio-in-0a1b2c3d4e.elb.us-west-2.amazonaws.com",
        );
    });

    it("fails when the gateway is asked for without Istio", () => {
        const args = addonsArgsFor("staging");
        assert.throws(
            () =>
                new ClusterAddons("a", {
                    ...args,
                    istio: { ...args.istio, enabled: false },
                    ingressGateway: settings,
                }),
            /ClusterAddons: `ingressGateway` needs `istio.enabled` and `awsLoadBalancerController.enabled`/,
        );
    });

    it("puts an internal NLB with IP targets in front of the gateway, health-checked on /healthz/ready:15021", () => {
        const svc = gatewayService(settings);
        assert.deepStrictEqual(svc.metadata.annotations, {
            [`${LB}-type`]: "external",
            [`${LB}-nlb-target-type`]: "ip",
            [`${LB}-scheme`]: "internal",
            [`${LB}-healthcheck-protocol`]: "http",
            [`${LB}-healthcheck-port`]: "15021",
            [`${LB}-healthcheck-path`]: "/healthz/ready",
            [`${LB}-attributes`]: "load_balancing.cross_zone.enabled=true",
            [`${LB}-target-group-attributes`]: "deregistration_delay.timeout_seconds=30",
        });
        assert.deepStrictEqual(svc.spec, {
            type: "LoadBalancer",
            selector: { app: "istio-ingress", istio: "ingress" },
            ports: [{ name: "http", port: 80, targetPort: 80, protocol: "TCP" }],
        });
    });

    it("terminates TLS on the NLB with the ACM certificate when asked, and limits clients", () => {
        const svc = gatewayService({
            ...settings,
            scheme: "internet-facing",
            tls: { certificateArn: CERT },
            sourceRanges: ["203.0.113.0/24"],
        });
        const a: Record<string, string> = svc.metadata.annotations;
        assert.deepStrictEqual(
            [
                a[`${LB}-scheme`],
                a[`${LB}-ssl-cert`],
                a[`${LB}-ssl-ports`],
                a[`${LB}-ssl-negotiation-policy`],
            ],
            ["internet-facing", CERT, "https", "ELBSecurityPolicy-TLS13-1-2-2021-06"],
        );
        assert.deepStrictEqual(svc.spec.ports, [
            { name: "https", port: 443, targetPort: 80, protocol: "TCP" },
        ]);
        assert.deepStrictEqual(svc.spec.loadBalancerSourceRanges, ["203.0.113.0/24"]);
    });

    it("runs the sidecar-less gateway pods within the pack: autoscaled, PDB, probes, non-root, anti-affinity", () => {
        const v = gatewayValues(settings);
        assert.deepStrictEqual(
            [v.name, v.service, v.autoscaling, v.podDisruptionBudget],
            [
                "istio-ingress",
                { type: "None" },
                {
                    enabled: true,
                    minReplicas: 2,
                    maxReplicas: 5,
                    targetCPUUtilizationPercentage: 80,
                },
                { maxUnavailable: 1 },
            ],
        );
        assert.deepStrictEqual(v.resources.limits, { cpu: "2", memory: "1Gi" });
        assert.deepStrictEqual(v.readinessProbe.httpGet, { path: "/healthz/ready", port: 15021 });
        assert.deepStrictEqual(v.securityContext.sysctls, [
            { name: "net.ipv4.ip_unprivileged_port_start", value: "0" },
        ]);
        assert.deepStrictEqual(
            [v.securityContext.runAsNonRoot, v.securityContext.seccompProfile],
            [true, { type: "RuntimeDefault" }],
        );
        assert.deepStrictEqual(v.containerSecurityContext, {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 1337,
            runAsGroup: 1337,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(
            v.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]
                .podAffinityTerm,
            {
                labelSelector: { matchLabels: { app: "istio-ingress", istio: "ingress" } },
                topologyKey: "kubernetes.io/hostname",
            },
        );
    });

    for (const stack of ["staging", "production"] as const) {
        it(`needs exactly the two reasoned istio-ingress exemptions of ${stack} (image auto, no liveness probe), nothing else`, async () => {
            const workload = ingressGatewayWorkload("istio-ingress", gatewayValues(settings));
            const proxy = (workload.podSpec.containers as Record<string, unknown>[])[0];
            assert.deepStrictEqual(
                [proxy.name, proxy.image, proxy.readinessProbe, proxy.livenessProbe],
                ["istio-proxy", "auto", gatewayValues(settings).readinessProbe, undefined],
            );
            const all = policySettings(stack);
            const withoutGateway = Object.fromEntries(
                Object.entries(all).map(([policy, s]) => [
                    policy,
                    {
                        ...s,
                        config: {
                            ...s.config,
                            exemptions: (
                                (s.config.exemptions ?? []) as { namespace: string }[]
                            ).filter((e) => e.namespace !== "istio-ingress"),
                        },
                    },
                ]),
            );
            // PSS (non-root 1337, the safe sysctl net.ipv4.ip_unprivileged_port_start, volumes,
            // capabilities, seccomp), limits, anti-affinity and the PDB pass without any exemption.
            assert.deepStrictEqual(
                await packFindings(manifestsOf([workload]), [], withoutGateway),
                [
                    `workloads-disallow-latest-tag: Deployment 'istio-ingress/istio-ingress' container 'istio-proxy' spec.template.spec.containers[0].image "auto" has no tag (it means latest); pin a version tag or a digest.`,
                    "workloads-require-probes: Deployment 'istio-ingress/istio-ingress' container 'istio-proxy' has no spec.template.spec.containers[0].livenessProbe; add one so traffic and restarts follow the container's health.",
                ],
            );
            assert.deepStrictEqual(await packFindings(manifestsOf([workload]), [], all), []);
        });
    }

    it("gets its real proxy image from istiod's pinned hub and tag at injection", () => {
        // The chart writes `auto`; the gateway injection template writes <global.hub>/<global.proxy.image
        // (default proxyv2)>:<global.tag> of istiod's values, pinned to the stack's Istio version.
        assert.strictEqual(GATEWAY_CHART_IMAGE, "auto");
        const global = istiodValues("1.30.3", true).global;
        assert.deepStrictEqual(
            [global.hub, global.tag, "image" in global.proxy],
            ["gcr.io/istio-release", "1.30.3", false],
        );
    });
});
