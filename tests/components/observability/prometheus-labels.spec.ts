/**
 * `le` and `quantile` label values as Prometheus 3 stores them, and every `le`/`quantile` matcher of
 * the platform's rules, dashboards, adapter rules and canary analyses checked against series written
 * that way (prometheus/prometheus `docs/migration.md`, "`le` and `quantile` label values";
 * `model/labels/float.go` `FormatOpenMetricsFloat`).
 */
import * as assert from "assert";

import { ADAPTER_RULES } from "../../../components/addons/prometheus-adapter/prometheus-adapter";
import {
    buildWorkloadAlerts,
    LATENCY_THRESHOLD_MS,
} from "../../../components/observability/alerts";
import { dashboardModel } from "../../../components/observability/dashboards";
import {
    bucketMatcher,
    prometheusFloatLabel,
} from "../../../components/observability/prometheus-labels";
import { buildPrometheusRule } from "../../../components/ml-workload/spec";
import { boundsSelected, labelMatchers, prometheus3Le } from "../../helpers/promql";

/**
 * What Go prints, checked by hand against `strconv.FormatFloat(f, 'g', -1, 64)` plus the `.0` rule:
 * the `%e` form starts at a decimal exponent of 6 (shortest precision uses 6 for the switch) and
 * below -4.
 */
const GO_TABLE: [number, string][] = [
    [0, "0.0"],
    [1, "1.0"],
    [-1, "-1.0"],
    [0.5, "0.5"],
    [0.005, "0.005"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [0.000025, "2.5e-05"],
    [2.5, "2.5"],
    [500, "500.0"],
    [999999, "999999.0"],
    [600000, "600000.0"],
    [1000000, "1e+06"],
    [1800000, "1.8e+06"],
    [3600000, "3.6e+06"],
    [123456789, "1.23456789e+08"],
    [1e21, "1e+21"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
    [NaN, "NaN"],
];

/** Envoy's default histogram buckets (ms), which Istio's request duration uses (histogram_impl.cc). */
const ENVOY_BUCKETS = [
    0.5,
    1,
    5,
    10,
    25,
    50,
    100,
    250,
    500,
    1000,
    2500,
    5000,
    10000,
    30000,
    60000,
    300000,
    600000,
    1800000,
    3600000,
    Infinity,
];
/** The Prometheus client libraries' default buckets (seconds; the model server's histogram). */
const CLIENT_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];

/** Bucket bounds per histogram the platform's queries read. */
const BUCKET_LAYOUTS = new Map<string, readonly number[]>([
    ["istio_request_duration_milliseconds_bucket", ENVOY_BUCKETS],
    ["prediction_latency_seconds_bucket", CLIENT_DEFAULT_BUCKETS],
]);

/** Problems of every `le`/`quantile` matcher in `expr` against Prometheus 3 series. */
function floatLabelProblems(expr: string): string[] {
    return labelMatchers(expr)
        .filter((m) => m.label === "le" || m.label === "quantile")
        .flatMap((m) => {
            const at = `${m.metric ?? "?"}{${m.label}${m.op}"${m.value}"}`;
            const bounds = m.metric === undefined ? undefined : BUCKET_LAYOUTS.get(m.metric);
            if (!bounds) {
                return [`${at}: no bucket layout known for this metric; add it to the test`];
            }
            const { meant, selected } = boundsSelected(m, bounds);
            if (meant.length === 0) {
                return [`${at}: names no bucket of the histogram`];
            }
            return JSON.stringify(meant) === JSON.stringify(selected)
                ? []
                : [`${at}: meant ${JSON.stringify(meant)}, selects ${JSON.stringify(selected)}`];
        });
}

/** Every PromQL expression the platform writes, with where it comes from. */
function allExpressions(): [string, string][] {
    const target = { name: "inventory", namespace: "supply-chain", autoscaled: true };
    const rules = (groups: { rules: { alert?: string; record?: string; expr: string }[] }[]) =>
        groups.flatMap((g) => g.rules);
    return [
        ...rules(buildWorkloadAlerts(target, {}).spec.groups).map(
            (r) => [`rule ${r.alert ?? r.record}`, r.expr] as [string, string],
        ),
        ...rules(buildPrometheusRule("ml-prediction", "supply-chain", "v2.1.0").spec.groups).map(
            (r) => [`ml rule ${r.alert ?? r.record}`, r.expr] as [string, string],
        ),
        ...(["service", "ml-serving"] as const).flatMap((kind) =>
            dashboardModel(kind).panels.flatMap((p) =>
                p.targets.map(
                    (t) =>
                        [
                            `dashboard ${kind} '${p.title}'`,
                            t.expr
                                .replaceAll("$namespace", "supply-chain")
                                .replaceAll("$workload", "inventory"),
                        ] as [string, string],
                ),
            ),
        ),
        ...ADAPTER_RULES.map(
            (r) =>
                [
                    `adapter ${r.name.as}`,
                    r.metricsQuery
                        .replace("<<.Series>>", "istio_requests_total")
                        .replace("<<.LabelMatchers>>", 'namespace="supply-chain"')
                        .replace("<<.GroupBy>>", "pod"),
                ] as [string, string],
        ),
    ];
}

describe("Prometheus 3 float label values", () => {
    it("formats bounds as Go's FormatOpenMetricsFloat does (product and test model agree with Go)", () => {
        assert.deepStrictEqual(
            GO_TABLE.map(([x]) => [x, prometheusFloatLabel(x)]),
            GO_TABLE,
        );
        assert.deepStrictEqual(
            GO_TABLE.map(([x]) => [x, prometheus3Le(x)]),
            GO_TABLE,
        );
    });

    it("agrees with the test's model on generated bounds: integers, decimals, tiny and huge", () => {
        let seed = 31;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const generated: number[] = [];
        for (let i = 0; i < 2000; i++) {
            const r = next();
            generated.push(
                i % 4 === 0
                    ? Math.floor(r * 10 ** (1 + (i % 9))) // integers up to 1e9
                    : i % 4 === 1
                      ? +(r * 10 ** ((i % 7) - 3)).toFixed(i % 5) // short decimals
                      : i % 4 === 2
                        ? r * 10 ** ((i % 30) - 15) // full-precision floats over 30 decades
                        : 2 ** ((i % 60) - 30), // exact binary fractions and powers
            );
        }
        const disagreements = generated.filter((x) => prometheusFloatLabel(x) !== prometheus3Le(x));
        assert.deepStrictEqual(disagreements, []);
    });

    it("bucketMatcher selects exactly its bucket among generated layouts written as Prometheus 3 writes them", () => {
        const layouts = [
            ENVOY_BUCKETS,
            CLIENT_DEFAULT_BUCKETS,
            [1, 2, 3, 4, 5, 10, 100, 1000, 10000, 100000, 1000000, 10000000, Infinity],
            [0.00001, 0.0001, 0.001, 0.0025, 0.5, 0.75, 1.5, 2, Infinity],
            Array.from({ length: 40 }, (_, i) => 2 ** (i - 20)).concat(Infinity),
        ];
        const problems = layouts.flatMap((bounds) =>
            bounds.flatMap((b) => {
                const [m] = labelMatchers(`h_bucket{${bucketMatcher(b)}}`);
                const { meant, selected } = boundsSelected(m, bounds);
                return meant.length === 1 && selected.length === 1 && selected[0] === b
                    ? []
                    : [`${b}: meant ${JSON.stringify(meant)}, selects ${JSON.stringify(selected)}`];
            }),
        );
        assert.deepStrictEqual(problems, []);
    });

    it("fails the integer spellings Prometheus 2 rules used (the check is not vacuous)", () => {
        assert.deepStrictEqual(
            floatLabelProblems(
                'x_bucket{le="500"}'.replace("x_", "istio_request_duration_milliseconds_"),
            ),
            ['istio_request_duration_milliseconds_bucket{le="500"}: meant [500], selects []'],
        );
        assert.deepStrictEqual(
            floatLabelProblems('istio_request_duration_milliseconds_bucket{le=~"250|500"}'),
            [
                'istio_request_duration_milliseconds_bucket{le=~"250|500"}: meant [250,500], selects []',
            ],
        );
        assert.deepStrictEqual(
            floatLabelProblems('istio_request_duration_milliseconds_bucket{le!="1000"}').length,
            1,
        );
        assert.deepStrictEqual(
            floatLabelProblems('prediction_latency_seconds_bucket{le="0.5"}'),
            [],
        );
        assert.deepStrictEqual(
            floatLabelProblems('prediction_latency_seconds_bucket{le="+Inf"}'),
            [],
        );
        assert.deepStrictEqual(
            floatLabelProblems(
                'istio_request_duration_milliseconds_bucket{le=~"(250|500)(\\\\.0)?"}',
            ),
            [],
        );
        assert.deepStrictEqual(floatLabelProblems('unknown_bucket{le="1.0"}'), [
            'unknown_bucket{le="1.0"}: no bucket layout known for this metric; add it to the test',
        ]);
    });

    it('the latency SLO selects exactly the 500 ms bucket, as le="500.0"', () => {
        const slow = allExpressions().filter(([, e]) => /le=/.test(e));
        assert.ok(slow.length >= 7, "one slow-ratio recording rule per window");
        for (const [, expr] of slow) {
            const le = labelMatchers(expr).filter((m) => m.label === "le");
            assert.deepStrictEqual(
                le.map((m) => [m.metric, m.op, m.value, boundsSelected(m, ENVOY_BUCKETS).selected]),
                [
                    [
                        "istio_request_duration_milliseconds_bucket",
                        "=",
                        "500.0",
                        [LATENCY_THRESHOLD_MS],
                    ],
                ],
            );
        }
    });

    it("every le/quantile matcher of every rule, dashboard and adapter query selects the buckets it means", () => {
        const exprs = allExpressions();
        assert.ok(exprs.length >= 40, `${exprs.length} expressions`);
        assert.deepStrictEqual(
            exprs.flatMap(([where, expr]) => floatLabelProblems(expr).map((p) => `${where}: ${p}`)),
            [],
        );
    });
});
