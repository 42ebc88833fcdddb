/**
 * Label values as Prometheus 3 stores them. Prometheus 3 normalises the `le` label of classic
 * histogram buckets and the `quantile` label of summaries on ingestion, whatever the scrape protocol:
 * a bucket exposed as `le="500"` is stored as `le="500.0"`, so a selector written `le="500"` matches
 * nothing and a rule built on it never fires.
 *
 * - prometheus/prometheus `docs/migration.md` (3.0 migration guide, "`le` and `quantile` label
 *   values"): "these label values will always be normalized to a float like representation".
 * - prometheus/prometheus `model/textparse/openmetricsparse.go` `normalizeFloatsInLabelValues` and
 *   `model/labels/float.go` `FormatOpenMetricsFloat`: `strconv.AppendFloat(f, 'g', -1, 64)`, then
 *   `.0` appended when the result has neither `.` nor `e`; `0`, `1`, `-1`, `±Inf` and `NaN`
 *   special-cased. Go's shortest `'g'` switches to exponent form at a decimal exponent below -4 or
 *   of 6 and more, so `1000000` is stored as `1e+06` and `0.00001` as `1e-05`.
 *
 * kube-prometheus-stack 88.5.3 ships Prometheus v3.14.0 (`charts/kube-prometheus-stack/values.yaml`,
 * `prometheus.prometheusSpec.image.tag`).
 */

/**
 * A float as Prometheus 3 writes it into an `le` or `quantile` label (`FormatOpenMetricsFloat`).
 *
 * @example prometheusFloatLabel(500) === "500.0"; prometheusFloatLabel(0.25) === "0.25";
 * prometheusFloatLabel(1800000) === "1.8e+06"
 */
export function prometheusFloatLabel(value: number): string {
    if (Number.isNaN(value)) {
        return "NaN";
    }
    if (!Number.isFinite(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    if (value === 0) {
        return "0.0"; // Go also writes -0 as "0.0" (the f == 0 case)
    }
    // JavaScript's shortest round-trip digits are Go's shortest digits (both print the shortest
    // decimal that parses back to the same float64).
    const [mantissa, exponentText] = value.toExponential().split("e");
    const exponent = Number(exponentText);
    let text: string;
    if (exponent < -4 || exponent >= 6) {
        const sign = exponent < 0 ? "-" : "+";
        text = `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
    } else {
        text = String(value); // plain decimal notation for exponents in [-4, 6), as Go's %f
    }
    return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The `le` matcher that selects exactly the bucket whose upper bound is `bound`. */
export function bucketMatcher(bound: number): string {
    return `le="${prometheusFloatLabel(bound)}"`;
}
