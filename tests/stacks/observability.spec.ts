/**
 * Stack tests of the observability pillars: the real program evaluated under mocks with each committed
 * stack file. Charts are opaque under mocks, so these tests read the values the program hands to each
 * chart and check them against the objects the program creates itself.
 */
import * as assert from "assert";

import { servedPodsMetrics } from "../../components/addons";
import { selectorMatches } from "../../lib/kubernetes";
import { Evaluation, evaluateProgram } from "../../tools/offline/evaluate";
import { RecordedResource } from "../../tools/offline/mocks";
import { stackConfig } from "../helpers/config";

type Obj = Record<string, any>;

const inputs = (r: RecordedResource) => r.inputs as Obj;
const chart = (e: Evaluation, name: string) =>
    inputs(e.recorder.get("kubernetes:helm.sh/v4:Chart", `platform-addons-${name}`));
const ofKind = (e: Evaluation, kind: string) =>
    e.recorder.resources.filter((r) => r.type === `kubernetes:monitoring.coreos.com/v1:${kind}`);

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: observability`, function () {
        this.timeout(300_000);
        let e: Evaluation;
        let workloads: string[];
        before(async () => {
            e = await evaluateProgram(stackConfig(stack));
            workloads = [
                ...(e.outputs.serviceNames as string[]),
                ...(e.outputs.modelServerNames as string[]),
            ];
        });

        it("a Prometheus selects every ServiceMonitor, PodMonitor and PrometheusRule the program creates", () => {
            const spec = chart(e, "monitoring").values.prometheus.prometheusSpec;
            const kinds = [
                [
                    "ServiceMonitor",
                    spec.serviceMonitorSelector,
                    spec.serviceMonitorNamespaceSelector,
                ],
                ["PodMonitor", spec.podMonitorSelector, spec.podMonitorNamespaceSelector],
                ["PrometheusRule", spec.ruleSelector, spec.ruleNamespaceSelector],
            ] as const;
            for (const [kind, selector, namespaceSelector] of kinds) {
                assert.deepStrictEqual(
                    namespaceSelector,
                    {},
                    `${kind}s are read in every namespace`,
                );
                const objects = ofKind(e, kind);
                assert.ok(objects.length > 0, `the program creates ${kind}s`);
                for (const o of objects) {
                    assert.ok(
                        selectorMatches(selector, inputs(o).metadata.labels),
                        `${kind} ${o.name} is selected by ${JSON.stringify(selector)}`,
                    );
                }
            }
            // One PodMonitor per workload (merged metrics), istiod's ServiceMonitor, and a rule per
            // workload plus the model server's own.
            assert.deepStrictEqual(
                ofKind(e, "PodMonitor")
                    .map((r) => inputs(r).metadata.name)
                    .sort(),
                [...workloads].sort(),
            );
            assert.deepStrictEqual(
                ofKind(e, "ServiceMonitor").map((r) => r.name),
                ["platform-addons-istiod-monitor"],
            );
            assert.deepStrictEqual(
                ofKind(e, "PrometheusRule")
                    .map((r) => inputs(r).metadata.name)
                    .sort(),
                [...workloads.map((w) => `${w}-slo`), "ml-prediction"].sort(),
            );
        });

        it("monitors and rules wait for the monitoring chart, which installs the operator CRDs", () => {
            const monitoring = e.recorder.get(
                "kubernetes:helm.sh/v4:Chart",
                "platform-addons-monitoring",
            );
            assert.strictEqual(chart(e, "monitoring").values.crds.enabled, true);
            for (const kind of ["ServiceMonitor", "PodMonitor", "PrometheusRule"]) {
                for (const o of ofKind(e, kind)) {
                    assert.ok(
                        o.dependencies.includes(monitoring.urn),
                        `${kind} ${o.name} depends on the monitoring chart`,
                    );
                }
            }
        });

        it("scrapes meshed pods only on Istio's merged metrics port, which their NetworkPolicy admits from monitoring alone", () => {
            for (const w of workloads) {
                const monitor = inputs(
                    ofKind(e, "PodMonitor").find((r) => inputs(r).metadata.name === w)!,
                );
                const endpoint = monitor.spec.podMetricsEndpoints[0];
                assert.strictEqual(endpoint.path, "/stats/prometheus");
                assert.deepStrictEqual(
                    endpoint.relabelings.find((r: Obj) => r.targetLabel === "__address__"),
                    {
                        action: "replace",
                        sourceLabels: ["__meta_kubernetes_pod_ip"],
                        regex: "(.+)",
                        replacement: "$1:15020",
                        targetLabel: "__address__",
                    },
                );
                const policy = inputs(
                    e.recorder.get("kubernetes:networking.k8s.io/v1:NetworkPolicy", `${w}-netpol`),
                );
                const fromMonitoring = policy.spec.ingress.filter((rule: Obj) =>
                    rule.from.some(
                        (f: Obj) =>
                            f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ===
                            "monitoring",
                    ),
                );
                assert.deepStrictEqual(
                    fromMonitoring.map((rule: Obj) => rule.ports),
                    [[{ port: 15020, protocol: "TCP" }]],
                    `${w}: the monitoring namespace reaches port 15020 and nothing else`,
                );
            }
        });

        it("an adapter rule serves every Pods metric an HPA names, from a metric our PodMonitors scrape", () => {
            const served = (chart(e, "prometheus-adapter").values.rules.custom as Obj[])
                .filter((r) => r.resources.overrides.pod)
                .map((r) => r.name.as);
            assert.deepStrictEqual(served, servedPodsMetrics());
            const hpaMetrics = e.recorder
                .ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler")
                .flatMap((h) =>
                    (inputs(h).spec.metrics as Obj[])
                        .filter((m) => m.type === "Pods")
                        .map((m) => [inputs(h).metadata.name, m.pods.metric.name]),
                )
                // Registration order follows input resolution (a Deployment waits for its stores).
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
            // Production scales inventory and order on requests per second; staging runs fixed counts.
            assert.deepStrictEqual(
                hpaMetrics,
                stack === "production"
                    ? [
                          ["inventory", "http_requests_per_second"],
                          ["order", "http_requests_per_second"],
                      ]
                    : [],
            );
            for (const [hpa, metric] of hpaMetrics) {
                assert.ok(served.includes(metric), `${hpa}: ${metric} has an adapter rule`);
            }
            assert.strictEqual(
                chart(e, "prometheus-adapter").values.prometheus.url,
                "http://kube-prometheus-stack-prometheus.monitoring.svc",
            );
        });

        it("provisions a dashboard for every service and the ML serving dashboard for every model server", () => {
            const maps = e.recorder
                .ofType("kubernetes:core/v1:ConfigMap")
                .map(inputs)
                .filter((m) => m.metadata.labels?.grafana_dashboard === "1");
            const sidecar = chart(e, "monitoring").values.grafana.sidecar.dashboards;
            assert.deepStrictEqual([sidecar.label, sidecar.labelValue], ["grafana_dashboard", "1"]);
            const byWorkload = Object.fromEntries(
                maps.map((m) => {
                    const dashboard = JSON.parse(Object.values(m.data as Obj)[0] as string);
                    const vars = Object.fromEntries(
                        dashboard.templating.list.map((v: Obj) => [v.name, v.query]),
                    );
                    return [vars.workload, { ns: m.metadata.namespace, dashboard, vars }];
                }),
            );
            assert.deepStrictEqual(Object.keys(byWorkload).sort(), [...workloads].sort());
            for (const w of workloads) {
                const { ns, dashboard, vars } = byWorkload[w];
                assert.strictEqual(ns, "monitoring");
                assert.strictEqual(vars.namespace, "supply-chain");
                const ml = (e.outputs.modelServerNames as string[]).includes(w);
                assert.strictEqual(
                    dashboard.uid,
                    `${ml ? "ml-serving" : "service-golden-signals"}-${w}`,
                );
            }
            const titles = (w: string) => byWorkload[w].dashboard.panels.map((p: Obj) => p.title);
            assert.deepStrictEqual(titles("inventory"), [
                "Request rate (req/s)",
                "Errors (5xx ratio)",
                "Latency p50 / p95 / p99",
                "Saturation (usage / limit)",
                "Replicas (HPA)",
            ]);
            assert.deepStrictEqual(titles("ml-prediction"), [
                "Prediction latency p50 / p95 / p99",
                "Request rate (req/s)",
                "Model version serving traffic",
                "Model accuracy",
                "Replicas",
            ]);
        });

        it("has the seed's ML alerts and, per workload, SLO burn-rate, crash-loop and HPA-at-maximum alerts", () => {
            const alertsOf = (name: string) =>
                (
                    inputs(
                        ofKind(e, "PrometheusRule").find((r) => inputs(r).metadata.name === name)!,
                    ).spec.groups as Obj[]
                ).flatMap((g) => (g.rules as Obj[]).filter((r) => r.alert).map((r) => r.alert));
            const ml = alertsOf("ml-prediction");
            assert.ok(ml.includes("prediction_latency_high"));
            assert.ok(ml.includes("model_accuracy_degraded"));
            const hpas = e.recorder
                .ofType("kubernetes:autoscaling/v2:HorizontalPodAutoscaler")
                .map((h) => inputs(h).metadata.name);
            for (const w of workloads) {
                const burn = ["ServiceErrorBudgetBurn", "ServiceLatencyBudgetBurn"].flatMap((a) =>
                    Array(4).fill(a),
                );
                assert.deepStrictEqual(alertsOf(`${w}-slo`), [
                    ...burn,
                    "PodCrashLooping",
                    ...(hpas.includes(w) ? ["HpaAtMaximum"] : []),
                ]);
            }
        });

        it("ships container logs as JSON to the stack's log group with at least the seed's 30 days", () => {
            const groups = e.recorder.ofType("aws:cloudwatch/logGroup:LogGroup").map(inputs);
            const group = groups.find(
                (g) => g.name === `/aws/eks/supply-chain-${stack}/containers`,
            );
            assert.ok(group, "the container log group exists");
            assert.strictEqual(group.retentionInDays, stack === "production" ? 90 : 30);
            const values = chart(e, "fluent-bit").values;
            assert.strictEqual(values.cloudWatchLogs.logGroupName, group.name);
            assert.strictEqual(values.cloudWatchLogs.autoCreateGroup, false);
            assert.deepStrictEqual(
                [values.filter.mergeLog, values.filter.keepLog, values.cloudWatchLogs.logKey],
                ["On", "On", undefined],
            );
            const policy = JSON.parse(
                inputs(
                    e.recorder.get(
                        "aws:iam/rolePolicy:RolePolicy",
                        "platform-addons-fluent-bit-irsa-policy",
                    ),
                ).policy,
            );
            assert.deepStrictEqual(policy.Statement[0].Action, [
                "logs:CreateLogStream",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
            ]);
        });

        it("samples 10% of requests mesh-wide into the OpenTelemetry collector, exported to X-Ray", () => {
            const telemetry = inputs(
                e.recorder.get(
                    "kubernetes:telemetry.istio.io/v1:Telemetry",
                    "platform-addons-mesh-tracing",
                ),
            );
            assert.strictEqual(telemetry.metadata.namespace, "istio-system");
            assert.deepStrictEqual(telemetry.spec.tracing, [
                { providers: [{ name: "otel-xray" }], randomSamplingPercentage: 10 },
            ]);
            const providers = chart(e, "istiod").values.meshConfig.extensionProviders;
            assert.deepStrictEqual(providers, [
                {
                    name: "otel-xray",
                    opentelemetry: {
                        service: "otel-collector.tracing.svc.cluster.local",
                        port: 4317,
                    },
                },
            ]);
            const pipeline = chart(e, "otel-collector").values.alternateConfig.service.pipelines;
            assert.deepStrictEqual(pipeline.traces.exporters, ["awsxray"]);
        });
    });
}
