/**
 * Stack tests of the observability pillars: the real program evaluated under mocks with each committed
 * stack file. Charts are opaque under mocks, so these tests read the values the program hands to each
 * chart and check them against the objects the program creates itself.
 */
import * as assert from "assert";

import { AdapterRule, servedPodsMetrics } from "../../components/addons";
import { recordAt, selectorMatches, stringAt } from "../../lib/kubernetes";
import { Evaluation } from "../../tools/offline/evaluate";
import { RecordedResource } from "../../tools/offline/mocks";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { objectOf, objectsOf, viewOf } from "../helpers/views";

/** The keys of each chart's values these tests read (the charts' own names). */
interface ChartValues {
    monitoring: {
        prometheus: {
            prometheusSpec: Record<
                `${"serviceMonitor" | "podMonitor" | "rule"}${"" | "Namespace"}Selector`,
                unknown
            >;
        };
        crds: { enabled: boolean };
        grafana: { sidecar: { dashboards: { label: string; labelValue: string } } };
    };
    "prometheus-adapter": { rules: { custom: AdapterRule[] }; prometheus: { url: string } };
    "fluent-bit": {
        cloudWatchLogs: { logGroupName: string; autoCreateGroup: boolean; logKey?: string };
        filter: { mergeLog: string; keepLog: string };
    };
    istiod: { meshConfig: { extensionProviders: unknown } };
    "otel-collector": {
        alternateConfig: { service: { pipelines: { traces: { exporters: unknown } } } };
    };
}

/** The values an add-on's chart receives, viewed with the keys these tests read. */
const chartValues = <K extends keyof ChartValues>(e: Evaluation, name: K) =>
    e.recorder.get("kubernetes:helm.sh/v4:Chart", `platform-addons-${name}`).inputs
        .values as ChartValues[K];
const ofKind = (e: Evaluation, kind: string) =>
    e.recorder.resources.filter((r) => r.type === `kubernetes:monitoring.coreos.com/v1:${kind}`);
const nameOf = (r: RecordedResource) => stringAt(r.inputs, "metadata", "name");

/** A Grafana dashboard model (components/observability/dashboards), the fields these tests read. */
interface Dashboard {
    uid: string;
    templating: { list: { name: string; query: string }[] };
    panels: { title: string }[];
}

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: observability`, function () {
        this.timeout(300_000);
        let e: Evaluation;
        let workloads: string[];
        before(async () => {
            e = await evaluatedStack(stack);
            workloads = [
                ...(e.outputs.serviceNames as string[]),
                ...(e.outputs.modelServerNames as string[]),
            ];
        });

        it("a Prometheus selects every ServiceMonitor, PodMonitor and PrometheusRule the program creates", () => {
            const spec = chartValues(e, "monitoring").prometheus.prometheusSpec;
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
                        selectorMatches(selector, recordAt(o.inputs, "metadata", "labels") ?? {}),
                        `${kind} ${o.name} is selected by ${JSON.stringify(selector)}`,
                    );
                }
            }
            // One PodMonitor per workload (merged metrics), istiod's ServiceMonitor, and a rule per
            // workload plus the model server's own.
            assert.deepStrictEqual(
                ofKind(e, "PodMonitor").map(nameOf).sort(),
                [...workloads].sort(),
            );
            assert.deepStrictEqual(
                ofKind(e, "ServiceMonitor").map((r) => r.name),
                ["platform-addons-istiod-monitor"],
            );
            assert.deepStrictEqual(
                ofKind(e, "PrometheusRule").map(nameOf).sort(),
                [...workloads.map((w) => `${w}-slo`), "ml-prediction"].sort(),
            );
        });

        it("monitors and rules wait for the monitoring chart, which installs the operator CRDs", () => {
            const monitoring = e.recorder.get(
                "kubernetes:helm.sh/v4:Chart",
                "platform-addons-monitoring",
            );
            assert.strictEqual(chartValues(e, "monitoring").crds.enabled, true);
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
                const monitor = viewOf(
                    ofKind(e, "PodMonitor").find((r) => nameOf(r) === w)!,
                    "kubernetes:monitoring.coreos.com/v1:PodMonitor",
                );
                const endpoint = monitor.spec.podMetricsEndpoints![0];
                assert.strictEqual(endpoint.path, "/stats/prometheus");
                assert.deepStrictEqual(
                    endpoint.relabelings!.find((r) => r.targetLabel === "__address__"),
                    {
                        action: "replace",
                        sourceLabels: ["__meta_kubernetes_pod_ip"],
                        regex: "(.+)",
                        replacement: "$1:15020",
                        targetLabel: "__address__",
                    },
                );
                const policy = objectOf(
                    e.recorder,
                    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                    `${w}-netpol`,
                );
                const fromMonitoring = policy.spec.ingress.filter((rule) =>
                    rule.from.some(
                        (f) =>
                            f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ===
                            "monitoring",
                    ),
                );
                assert.deepStrictEqual(
                    fromMonitoring.map((rule) => rule.ports),
                    [[{ port: 15020, protocol: "TCP" }]],
                    `${w}: the monitoring namespace reaches port 15020 and nothing else`,
                );
            }
        });

        it("an adapter rule serves every Pods metric an HPA names, from a metric our PodMonitors scrape", () => {
            const served = chartValues(e, "prometheus-adapter")
                .rules.custom.filter((r) => r.resources.overrides.pod)
                .map((r) => r.name.as);
            assert.deepStrictEqual(served, servedPodsMetrics());
            const hpaMetrics = objectsOf(
                e.recorder,
                "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            )
                .map((h) => h.object)
                .flatMap((h) =>
                    h.spec.metrics
                        .filter((m) => m.type === "Pods")
                        .map((m) => [h.metadata.name, m.pods.metric.name]),
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
                chartValues(e, "prometheus-adapter").prometheus.url,
                "http://kube-prometheus-stack-prometheus.monitoring.svc",
            );
        });

        it("provisions a dashboard for every service and the ML serving dashboard for every model server", () => {
            const maps = objectsOf(e.recorder, "kubernetes:core/v1:ConfigMap")
                .map((m) => m.object)
                .filter((m) => m.metadata.labels?.grafana_dashboard === "1");
            const sidecar = chartValues(e, "monitoring").grafana.sidecar.dashboards;
            assert.deepStrictEqual([sidecar.label, sidecar.labelValue], ["grafana_dashboard", "1"]);
            const byWorkload = Object.fromEntries(
                maps.map((m) => {
                    const dashboard = JSON.parse(Object.values(m.data)[0]) as Dashboard;
                    const vars = Object.fromEntries(
                        dashboard.templating.list.map((v) => [v.name, v.query]),
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
            const titles = (w: string) => byWorkload[w].dashboard.panels.map((p) => p.title);
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
                viewOf(
                    ofKind(e, "PrometheusRule").find((r) => nameOf(r) === name)!,
                    "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
                ).spec.groups!.flatMap((g) => g.rules!.filter((r) => r.alert).map((r) => r.alert));
            const ml = alertsOf("ml-prediction");
            assert.ok(ml.includes("prediction_latency_high"));
            assert.ok(ml.includes("model_accuracy_degraded"));
            const hpas = objectsOf(
                e.recorder,
                "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            ).map((h) => h.object.metadata.name);
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
            const groups = e.recorder
                .ofType("aws:cloudwatch/logGroup:LogGroup")
                .map((g) => g.inputs as { name: string; retentionInDays: number });
            const group = groups.find(
                (g) => g.name === `/aws/eks/supply-chain-${stack}/containers`,
            );
            assert.ok(group, "the container log group exists");
            assert.strictEqual(group.retentionInDays, stack === "production" ? 90 : 30);
            const values = chartValues(e, "fluent-bit");
            assert.strictEqual(values.cloudWatchLogs.logGroupName, group.name);
            assert.strictEqual(values.cloudWatchLogs.autoCreateGroup, false);
            assert.deepStrictEqual(
                [values.filter.mergeLog, values.filter.keepLog, values.cloudWatchLogs.logKey],
                ["On", "On", undefined],
            );
            const policy = JSON.parse(
                e.recorder.get(
                    "aws:iam/rolePolicy:RolePolicy",
                    "platform-addons-fluent-bit-irsa-policy",
                ).inputs.policy as string,
            ) as { Statement: { Action: string[] }[] };
            assert.deepStrictEqual(policy.Statement[0].Action, [
                "logs:CreateLogStream",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
            ]);
        });

        it("samples 10% of requests mesh-wide into the OpenTelemetry collector, exported to X-Ray", () => {
            const telemetry = objectOf(
                e.recorder,
                "kubernetes:telemetry.istio.io/v1:Telemetry",
                "platform-addons-mesh-tracing",
            );
            assert.strictEqual(telemetry.metadata!.namespace, "istio-system");
            assert.deepStrictEqual(telemetry.spec!.tracing, [
                { providers: [{ name: "otel-xray" }], randomSamplingPercentage: 10 },
            ]);
            const providers = chartValues(e, "istiod").meshConfig.extensionProviders;
            assert.deepStrictEqual(providers, [
                {
                    name: "otel-xray",
                    opentelemetry: {
                        service: "otel-collector.tracing.svc.cluster.local",
                        port: 4317,
                    },
                },
            ]);
            const pipeline = chartValues(e, "otel-collector").alternateConfig.service.pipelines;
            assert.deepStrictEqual(pipeline.traces.exporters, ["awsxray"]);
        });
    });
}
