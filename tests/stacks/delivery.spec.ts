/**
 * Stack tests of progressive delivery, evaluated with each committed stack file: inventory releases as
 * an Argo Rollouts canary (10% -> 50% -> 100% with pauses, header route `version: v2`) with analysis;
 * the workload object, the single owner of its traffic objects, the analysis queries and what an
 * abort does, as far as configuration shows them.
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { field, stringAt } from "../../lib/kubernetes";
import { Evaluation } from "../../tools/offline/evaluate";
import { rawStack, stackContext } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { promqlErrors } from "../helpers/promql";
import { KubernetesViews, objectOf, objectsOf, viewOf } from "../helpers/views";

const evaluate = evaluatedStack;

const named = (e: Evaluation, kind: string, name: string, namespace: string) =>
    e.recorder.resources.filter(
        (r) =>
            r.type.endsWith(`:${kind}`) &&
            stringAt(r.inputs, "metadata", "name") === name &&
            stringAt(r.inputs, "metadata", "namespace") === namespace,
    );

type Rollout = KubernetesViews["kubernetes:argoproj.io/v1alpha1:Rollout"];

/** The canary strategy of a Rollout (a Rollout without one fails the test that reads it). */
const canaryOf = (rollout: Rollout) => rollout.spec.strategy!.canary!;

/** The pauses each stack waits between the canary's weights. */
const PAUSES: Record<string, [string, string]> = {
    staging: ["5m", "10m"],
    production: ["30m", "1h"],
};

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: progressive delivery of inventory`, function () {
        this.timeout(300_000);
        const { namespace } = parsePlatformConfig(rawStack(stack), stackContext(stack));
        let e: Evaluation;
        let rollout: Rollout;
        before(async () => {
            e = await evaluate(stack);
            rollout = objectOf(
                e.recorder,
                "kubernetes:argoproj.io/v1alpha1:Rollout",
                "inventory-rollout",
            );
        });

        it("runs inventory as a Rollout (no Deployment) and the other services as Deployments", () => {
            assert.deepStrictEqual(named(e, "Deployment", "inventory", namespace), []);
            assert.strictEqual(rollout.metadata!.namespace, namespace);
            const deployments = objectsOf(e.recorder, "kubernetes:apps/v1:Deployment")
                .filter((d) => d.object.metadata.namespace === namespace)
                .map((d) => d.object.metadata.name)
                .sort();
            assert.deepStrictEqual(deployments, [
                "customer",
                "ml-prediction",
                "order",
                "payment",
                "shipping",
            ]);
            const order = objectOf(e.recorder, "kubernetes:apps/v1:Deployment", "order").spec
                .template.spec;
            const pod = rollout.spec.template!.spec!;
            for (const key of ["securityContext", "automountServiceAccountToken"] as const) {
                assert.deepStrictEqual(pod[key], order[key], `${key} as the Deployments have it`);
            }
            assert.deepStrictEqual(
                pod.containers[0].securityContext,
                order.containers[0].securityContext,
            );
            assert.match(pod.containers[0].image!, /inventory-service:v\d+\.\d+\.\d+$/);
        });

        it("releases with the seed's canary: 10% -> 50% -> 100% with the stack's pauses and the v2 header route", () => {
            const [first, second] = PAUSES[stack];
            assert.deepStrictEqual(canaryOf(rollout).steps, [
                { setWeight: 10 },
                {
                    setHeaderRoute: {
                        name: "canary-by-header",
                        match: [{ headerName: "version", headerValue: { exact: "v2" } }],
                    },
                },
                { pause: { duration: first } },
                { setWeight: 50 },
                { pause: { duration: second } },
                { setWeight: 100 },
            ]);
        });

        it("shifts every VirtualService that carries inventory's traffic, the gateway's included, and Pulumi ignores only the fields Argo Rollouts writes", () => {
            const routing = canaryOf(rollout).trafficRouting!;
            const VS = "kubernetes:networking.istio.io/v1:VirtualService";
            const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
            const host = `inventory.${namespace}.svc.cluster.local`;
            const all = e.recorder.ofType(VS).map((r) => ({ r, vs: viewOf(r, VS) }));
            // Every VirtualService with a route that sends to inventory, with those routes' names.
            const carrying = all.flatMap(({ r, vs }) => {
                const routes = vs
                    .spec!.http!.filter((h) =>
                        (h.route ?? []).some((d) => d.destination.host === host),
                    )
                    .map((h) => h.name!);
                return routes.length > 0 ? [{ r, vs, routes }] : [];
            });
            assert.deepStrictEqual(
                carrying.map((c) => [
                    c.r.name,
                    c.vs.metadata!.namespace,
                    c.vs.metadata!.name,
                    c.routes,
                ]),
                [
                    ["inventory-mesh-vs", namespace, "inventory", ["idempotent", "default"]],
                    [
                        "ingress-inventory",
                        namespace,
                        "inventory-ingress",
                        ["idempotent", "default"],
                    ],
                ],
                "the mesh VirtualService and the ingress delegate; the gateway's host VirtualService sends nothing to inventory itself",
            );
            assert.deepStrictEqual(
                routing.istio!.virtualServices,
                carrying.map((c) => ({ name: c.vs.metadata!.name, routes: c.routes })),
                "the Rollout names each of them with exactly the routes that send to inventory",
            );
            assert.strictEqual(routing.istio!.virtualService, undefined);
            // The gateway's host VirtualService hands inventory's paths to the delegate.
            const gateway = viewOf(e.recorder.get(VS, "ingress-api-internal"), VS);
            const handOff = gateway.spec!.http!.filter(
                (h) => (h as { delegate?: unknown }).delegate !== undefined,
            );
            assert.deepStrictEqual(handOff, [
                {
                    name: "inventory",
                    match: [{ uri: { exact: "/inventory" } }, { uri: { prefix: "/inventory/" } }],
                    delegate: { name: "inventory-ingress", namespace },
                },
            ]);
            const delegate = carrying[1].vs;
            assert.deepStrictEqual(
                [delegate.spec!.hosts, delegate.spec!.gateways, delegate.spec!.exportTo],
                [undefined, undefined, [gateway.metadata!.namespace]],
                "a delegate: no hosts, no gateways, visible to the gateway's namespace",
            );
            for (const { r, vs, routes } of carrying) {
                const http = vs.spec!.http!;
                assert.deepStrictEqual(
                    http.map((h) => h.name),
                    ["idempotent", "default"],
                    `${r.name}: no header route of Pulumi's: Argo Rollouts adds its managed route`,
                );
                for (const h of http) {
                    assert.deepStrictEqual(
                        h.route!.map((d) => [d.destination.subset, d.weight]),
                        [
                            ["stable", 100],
                            ["canary", 0],
                        ],
                        `${r.name}: ${h.name} starts all-stable`,
                    );
                }
                assert.deepStrictEqual(
                    r.ignoreChanges,
                    http.flatMap((h, i) =>
                        routes.includes(h.name!)
                            ? h.route!.map((_, j) => `spec.http[${i}].route[${j}].weight`)
                            : [],
                    ),
                    `${r.name}: every weight Argo Rollouts sets is ignored by Pulumi`,
                );
            }
            assert.deepStrictEqual(carrying[0].r.ignoreChanges, [
                "spec.http[0].route[0].weight",
                "spec.http[0].route[1].weight",
                "spec.http[1].route[0].weight",
                "spec.http[1].route[1].weight",
            ]);
            const mesh = e.recorder.get("platform:mesh:MeshPolicy", "inventory-mesh").urn;
            assert.strictEqual(carrying[0].r.parent, mesh);
            const drList = e.recorder
                .ofType(DR)
                .filter((d) => viewOf(d, DR).spec!.host.startsWith(`inventory.${namespace}.`));
            assert.deepStrictEqual(
                drList.map((d) => d.name),
                ["inventory-mesh-dr"],
            );
            assert.strictEqual(drList[0].parent, mesh);
            const dr = viewOf(drList[0], DR);
            assert.deepStrictEqual(routing.istio!.destinationRule, {
                name: dr.metadata!.name,
                canarySubsetName: "canary",
                stableSubsetName: "stable",
            });
            assert.deepStrictEqual(routing.managedRoutes, [{ name: "canary-by-header" }]);
            assert.deepStrictEqual(drList[0].ignoreChanges, ["spec.subsets"]);
            assert.deepStrictEqual(
                dr.spec!.subsets!.map((s) => [s.name, s.labels]),
                [
                    ["stable", canaryOf(rollout).stableMetadata!.labels],
                    ["canary", canaryOf(rollout).canaryMetadata!.labels],
                ],
                "the subsets select the labels the Rollout puts on stable and canary pods",
            );
        });

        it("analyses the canary from Prometheus with the thresholds of the config, in the background from the first step", () => {
            const canary = canaryOf(rollout);
            assert.deepStrictEqual(canary.analysis!.templates, [
                { templateName: "inventory-canary" },
            ]);
            assert.strictEqual(canary.analysis!.startingStep, 0);
            const template = objectOf(
                e.recorder,
                "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate",
                "inventory-analysis",
            );
            e.recorder.get("kubernetes:helm.sh/v4:Chart", "platform-addons-monitoring");
            const metrics = template.spec.metrics!;
            assert.deepStrictEqual(
                metrics.map((m) => [
                    m.name,
                    m.successCondition,
                    m.failureCondition,
                    m.failureLimit,
                ]),
                [
                    ["success-rate", "result >= 0.99", "result < 0.99", 1],
                    ["latency-p99", "result <= 500", "result > 500", 1],
                ],
            );
            for (const m of metrics) {
                const p = m.provider.prometheus!;
                assert.strictEqual(
                    p.address,
                    "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
                );
                assert.deepStrictEqual(promqlErrors(p.query!), [], p.query);
                assert.match(
                    p.query!,
                    new RegExp(
                        `reporter="destination",destination_workload_namespace="${namespace}",destination_workload="inventory",destination_canonical_revision="\\{\\{args.canary-version\\}\\}"`,
                    ),
                );
            }
            assert.match(metrics[0].provider.prometheus!.query!, /istio_requests_total/);
            assert.match(
                metrics[1].provider.prometheus!.query!,
                /histogram_quantile\(0\.99, .*istio_request_duration_milliseconds_bucket/,
            );
        });

        it("aborts back to stable: failed analysis past failureLimit, managed header route, full stable ReplicaSet", () => {
            const canary = canaryOf(rollout);
            assert.strictEqual(canary.abortScaleDownDelaySeconds, 30);
            assert.strictEqual(
                canary.dynamicStableScale,
                undefined,
                "stable stays at full size, so an abort moves traffic at once",
            );
            assert.deepStrictEqual(
                canary.trafficRouting!.managedRoutes,
                [{ name: "canary-by-header" }],
                "Argo Rollouts removes its managed routes on abort",
            );
            const template = objectOf(
                e.recorder,
                "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate",
                "inventory-analysis",
            );
            for (const m of template.spec.metrics!) {
                assert.ok(m.failureCondition, `${m.name} can fail a measurement`);
                assert.strictEqual(
                    m.failureLimit,
                    1,
                    `${m.name}: the second failure fails the run`,
                );
            }
        });

        it("scales, budgets and orders the Rollout like the Deployment it replaces", () => {
            const rolloutRes = e.recorder.get(
                "kubernetes:argoproj.io/v1alpha1:Rollout",
                "inventory-rollout",
            );
            const chart = e.recorder.get(
                "kubernetes:helm.sh/v4:Chart",
                "platform-addons-argo-rollouts",
            );
            assert.ok(rolloutRes.dependencies.includes(chart.urn), "after the Rollout CRD");
            const pdb = named(e, "PodDisruptionBudget", "inventory", namespace);
            assert.strictEqual(pdb.length, 1);
            const hpa = named(e, "HorizontalPodAutoscaler", "inventory", namespace);
            if (stack === "production") {
                assert.deepStrictEqual(field(hpa[0].inputs, "spec", "scaleTargetRef"), {
                    apiVersion: "argoproj.io/v1alpha1",
                    kind: "Rollout",
                    name: "inventory",
                });
                assert.strictEqual("replicas" in rollout.spec, false);
            } else {
                assert.deepStrictEqual(hpa, []);
                assert.strictEqual(rollout.spec.replicas, 2);
            }
        });
    });
}
