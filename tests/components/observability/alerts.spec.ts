/**
 * Alert and recording rules, dashboards and adapter queries: PromQL syntax checked with Prometheus's
 * grammar (the `promtool check rules` equivalent available in JavaScript), plus the rule structure
 * Prometheus requires and the SLO arithmetic.
 */
import * as assert from "assert";

import {
    ADAPTER_RULES,
    HTTP_REQUESTS_PER_SECOND,
    servedPodsMetrics,
} from "../../../components/addons/prometheus-adapter/prometheus-adapter";
import {
    AVAILABILITY_OBJECTIVE,
    BURN_RATE_WINDOWS,
    buildWorkloadAlerts,
    sloWindows,
} from "../../../components/observability/alerts";
import { dashboardModel } from "../../../components/observability/dashboards";
import { buildPrometheusRule } from "../../../components/ml-workload/spec";
import { promqlErrors } from "../../helpers/promql";

type Rule = { alert?: string; record?: string; expr: string; for?: string; labels?: object };

const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;
const target = { name: "inventory", namespace: "supply-chain", autoscaled: true };
const rulesOf = (groups: { rules: Rule[] }[]) => groups.flatMap((g) => g.rules);

/** What `promtool check rules` checks besides syntax: one of alert/record, valid names and durations. */
function checkRuleStructure(rule: Rule): void {
    assert.ok((rule.alert === undefined) !== (rule.record === undefined), "alert xor record");
    if (rule.record !== undefined) {
        assert.match(rule.record, /^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "a valid metric name");
        assert.strictEqual(rule.for, undefined, "recording rules have no `for`");
    } else {
        assert.match(rule.alert!, /^[a-zA-Z_][a-zA-Z0-9_]*$/, "a valid alert name");
        assert.match(rule.for ?? "0s", DURATION);
    }
}

describe("alert and recording rules", () => {
    const rules: [string, Rule][] = [
        ...rulesOf(buildWorkloadAlerts(target, {}).spec.groups).map(
            (r) => ["workload", r] as [string, Rule],
        ),
        ...rulesOf(buildPrometheusRule("ml-prediction", "supply-chain", "v2.1.0").spec.groups).map(
            (r) => ["ml", r] as [string, Rule],
        ),
    ];

    for (const [source, rule] of rules) {
        it(`${source} ${rule.alert ?? rule.record}: valid PromQL and rule structure (${rule.expr.slice(0, 40)}...)`, () => {
            assert.deepStrictEqual(promqlErrors(rule.expr), []);
            checkRuleStructure(rule);
        });
    }

    it("rejects what promtool would: the syntax check is not vacuous", () => {
        assert.notDeepStrictEqual(promqlErrors("sum(rate(istio_requests_total[5m])"), []);
        assert.notDeepStrictEqual(promqlErrors('x{a=~"b"} >'), []);
    });

    it("alerts at the SRE Workbook's burn rates of the 99.99% budget, both windows at once", () => {
        const alerts = rulesOf(buildWorkloadAlerts(target, {}).spec.groups).filter(
            (r) => r.alert === "ServiceErrorBudgetBurn",
        );
        assert.strictEqual(AVAILABILITY_OBJECTIVE, 0.9999);
        assert.deepStrictEqual(
            alerts.map((a) => a.expr),
            [
                ["1h", "5m", "0.00144"],
                ["6h", "30m", "0.0006"],
                ["1d", "2h", "0.0003"],
                ["3d", "6h", "0.0001"],
            ].map(
                ([long, short, t]) =>
                    `slo:request_errors:ratio_rate${long}{service="inventory",namespace="supply-chain"} > ${t} and slo:request_errors:ratio_rate${short}{service="inventory",namespace="supply-chain"} > ${t}`,
            ),
        );
        assert.deepStrictEqual(
            alerts.map((a) => (a.labels as { severity: string }).severity),
            ["critical", "critical", "warning", "warning"],
        );
    });

    it("records every window an alert reads, for errors and slow requests", () => {
        const records = rulesOf(buildWorkloadAlerts(target, {}).spec.groups)
            .filter((r) => r.record)
            .map((r) => r.record);
        assert.deepStrictEqual(sloWindows(), ["5m", "1h", "30m", "6h", "2h", "1d", "3d"]);
        assert.strictEqual(BURN_RATE_WINDOWS.length, 4);
        assert.deepStrictEqual(
            records,
            sloWindows().flatMap((w) => [
                `slo:request_errors:ratio_rate${w}`,
                `slo:request_slow:ratio_rate${w}`,
            ]),
        );
    });

    it("builds the HPA-at-maximum alert only for autoscaled workloads", () => {
        const names = (autoscaled: boolean) =>
            rulesOf(buildWorkloadAlerts({ ...target, autoscaled }, {}).spec.groups)
                .filter((r) => r.alert)
                .map((r) => r.alert);
        assert.ok(names(true).includes("HpaAtMaximum"));
        assert.ok(!names(false).includes("HpaAtMaximum"));
        assert.ok(names(false).includes("PodCrashLooping"));
    });

    it("carries the labels Prometheus selects rules by", () => {
        const rule = buildWorkloadAlerts(target, { release: "kube-prometheus-stack" });
        assert.strictEqual(rule.metadata.labels.release, "kube-prometheus-stack");
        const ml = buildPrometheusRule("ml-prediction", "supply-chain", "v1", { release: "x" });
        assert.strictEqual(ml.metadata.labels.release, "x");
    });
});

describe("prometheus-adapter rules", () => {
    it("serves http_requests_per_second per pod from Istio's inbound request counter", () => {
        assert.deepStrictEqual(servedPodsMetrics(), ["http_requests_per_second"]);
        assert.deepStrictEqual(HTTP_REQUESTS_PER_SECOND.resources.overrides, {
            namespace: { resource: "namespace" },
            pod: { resource: "pod" },
        });
    });

    for (const rule of ADAPTER_RULES) {
        it(`${rule.name.as}: series and metrics queries are valid PromQL once templated`, () => {
            const templated = rule.metricsQuery
                .replace("<<.Series>>", "istio_requests_total")
                .replace("<<.LabelMatchers>>", 'namespace="supply-chain",pod=~"inventory-.*"')
                .replace("<<.GroupBy>>", "pod");
            assert.deepStrictEqual(promqlErrors(templated), []);
            assert.deepStrictEqual(promqlErrors(rule.seriesQuery), []);
            assert.match(rule.seriesQuery, /^istio_requests_total\{reporter="destination"/);
        });
    }
});

describe("dashboards", () => {
    for (const kind of ["service", "ml-serving"] as const) {
        it(`${kind}: every panel query is valid PromQL (Grafana variables substituted)`, () => {
            const model = dashboardModel(kind);
            const exprs = model.panels.flatMap((p) => p.targets.map((t) => t.expr));
            assert.ok(exprs.length >= 5);
            for (const expr of exprs) {
                const concrete = expr
                    .replaceAll("$namespace", "supply-chain")
                    .replaceAll("$workload", "inventory");
                assert.deepStrictEqual(promqlErrors(concrete), [], expr);
            }
        });
    }
});
