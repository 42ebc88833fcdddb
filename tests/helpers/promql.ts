/**
 * PromQL syntax check with Prometheus's own grammar (`@prometheus-io/lezer-promql`, the parser behind
 * the Prometheus UI's editor): an expression is valid when its parse tree has no error node.
 */

/** The part of a Lezer parser this check uses. */
interface PromqlParser {
    parse(input: string): {
        iterate(spec: { enter(node: { type: { isError: boolean }; from: number }): void }): void;
    };
}

// The package is ESM-typed but ships a CommonJS build (`exports.require`), which mocha loads here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require("@prometheus-io/lezer-promql") as { parser: PromqlParser };

/** Positions and text of the syntax errors in `expr` (empty when it parses cleanly). */
export function promqlErrors(expr: string): string[] {
    const errors: string[] = [];
    parser.parse(expr).iterate({
        enter: (node) => {
            if (node.type.isError) {
                errors.push(
                    `at ${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`,
                );
            }
        },
    });
    return errors;
}

/** A node of the parse tree (the part of Lezer's `SyntaxNode` the matcher walk uses). */
interface PromqlNode {
    readonly name: string;
    readonly from: number;
    readonly to: number;
    readonly firstChild: PromqlNode | null;
    readonly nextSibling: PromqlNode | null;
}

const parseTree = (expr: string) =>
    (parser.parse(expr) as unknown as { topNode: PromqlNode }).topNode;

const childrenOf = (node: PromqlNode): PromqlNode[] => {
    const out: PromqlNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
        out.push(c);
    }
    return out;
};

/** The value of a PromQL string literal (double, single or back quotes; Go escapes). */
export function unquotePromql(literal: string): string {
    const quote = literal[0];
    const body = literal.slice(1, -1);
    if (quote === "`") {
        return body;
    }
    const simple: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        "\\": "\\",
        '"': '"',
        "'": "'",
    };
    return body.replace(/\\(.)/g, (_, c: string) => {
        const v = simple[c];
        if (v === undefined) {
            throw new Error(`escape \\${c} in ${literal} is not handled by this test helper`);
        }
        return v;
    });
}

/** One label matcher of a vector selector, with the metric the selector names. */
export interface PromqlLabelMatcher {
    /** The selector's metric name (its identifier or `__name__="..."`); undefined when neither. */
    readonly metric?: string;
    readonly label: string;
    readonly op: "=" | "!=" | "=~" | "!~";
    readonly value: string;
}

/** Every label matcher of every vector selector in `expr`, from Prometheus's own grammar. */
export function labelMatchers(expr: string): PromqlLabelMatcher[] {
    const text = (n: PromqlNode) => expr.slice(n.from, n.to);
    const found: PromqlLabelMatcher[] = [];
    const visit = (node: PromqlNode) => {
        if (node.name === "VectorSelector") {
            const kids = childrenOf(node);
            const identifier = kids.find((k) => k.name === "Identifier");
            const list = kids.find((k) => k.name === "LabelMatchers");
            const matchers = (list ? childrenOf(list) : [])
                .filter((m) => m.name === "UnquotedLabelMatcher" || m.name === "QuotedLabelMatcher")
                .map((m) => {
                    const parts = childrenOf(m);
                    const name = parts[0];
                    const label =
                        name.name === "LabelName" ? text(name) : unquotePromql(text(name));
                    const op = text(parts.find((p) => p.name === "MatchOp")!);
                    const value = unquotePromql(text(parts[parts.length - 1]));
                    return { label, op: op as PromqlLabelMatcher["op"], value };
                });
            const byName = matchers.find((m) => m.label === "__name__" && m.op === "=");
            const metric = identifier ? text(identifier) : byName?.value;
            found.push(...matchers.map((m) => ({ metric, ...m })));
        }
        childrenOf(node).forEach(visit);
    };
    visit(parseTree(expr));
    return found;
}

/**
 * Whether a matcher selects a series whose label has `value`, as Prometheus evaluates it: `=`/`!=`
 * compare strings, `=~`/`!~` match a fully anchored RE2 expression in which `.` also matches a
 * newline (Prometheus 3 migration guide, "Regular expressions match newlines").
 */
export function matcherSelects(
    m: Pick<PromqlLabelMatcher, "op" | "value">,
    value: string,
): boolean {
    switch (m.op) {
        case "=":
            return value === m.value;
        case "!=":
            return value !== m.value;
        case "=~":
            return new RegExp(`^(?:${m.value})$`, "su").test(value);
        case "!~":
            return !new RegExp(`^(?:${m.value})$`, "su").test(value);
    }
}

/**
 * The test's own model of how Prometheus 3 writes a bucket bound into `le` (prometheus/prometheus
 * `model/labels/float.go` `FormatOpenMetricsFloat`: Go `strconv.AppendFloat(f, 'g', -1, 64)`, then
 * `.0` when the text has neither `.` nor `e`). Written independently of the product's formatter
 * (from the shortest decimal digits and exponent that JavaScript's `String(x)` gives) so that the
 * two check each other.
 */
export function prometheus3Le(x: number): string {
    if (Number.isNaN(x)) {
        return "NaN";
    }
    if (x === Infinity) {
        return "+Inf";
    }
    if (x === -Infinity) {
        return "-Inf";
    }
    if (x === 0) {
        return "0.0";
    }
    const sign = x < 0 ? "-" : "";
    // Shortest digits and the decimal point position, from JS's own shortest representation.
    const js = String(Math.abs(x));
    const [coefficient, e = "0"] = js.split("e");
    const [intPart, fracPart = ""] = coefficient.split(".");
    let digits = (intPart + fracPart).replace(/^0+/, "");
    const leadingZeros =
        (intPart + fracPart).length - (intPart + fracPart).replace(/^0+/, "").length;
    const point = intPart.length + Number(e) - leadingZeros; // digits before the decimal point
    digits = digits.replace(/0+$/, "") || "0";
    const exponent = point - 1;
    let out: string;
    if (exponent < -4 || exponent >= 6) {
        const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        out = `${mant}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
    } else if (point <= 0) {
        out = `0.${"0".repeat(-point)}${digits}`;
    } else if (point >= digits.length) {
        out = digits + "0".repeat(point - digits.length);
    } else {
        out = `${digits.slice(0, point)}.${digits.slice(point)}`;
    }
    out = sign + out;
    return /[.e]/.test(out) ? out : `${out}.0`;
}

/** Spellings a rule author may mean by a bound: Prometheus 2's text form and Prometheus 3's. */
const spellings = (b: number) => [String(b), prometheus3Le(b)];

/**
 * For one `le` (or `quantile`) matcher and the bucket bounds of its histogram: the bounds the author
 * meant (`=`/`!=` by numeric value, regexes by any spelling of the bound) and the bounds it selects in
 * a Prometheus 3 TSDB, where the label holds {@link prometheus3Le} of the bound. A correct matcher has
 * both equal (and, for `=`, one bound).
 */
export function boundsSelected(
    m: Pick<PromqlLabelMatcher, "op" | "value">,
    bounds: readonly number[],
): { meant: number[]; selected: number[] } {
    const numeric =
        m.value === "+Inf" ? Infinity : m.value === "-Inf" ? -Infinity : Number(m.value);
    const anySpelling = (b: number) =>
        spellings(b).some((s) => matcherSelects({ op: "=~", value: m.value }, s));
    const meant = bounds.filter((b) => {
        switch (m.op) {
            case "=":
                return b === numeric;
            case "!=":
                return b !== numeric;
            case "=~":
                return anySpelling(b);
            case "!~":
                return !anySpelling(b);
        }
    });
    const selected = bounds.filter((b) => matcherSelects(m, prometheus3Le(b)));
    return { meant, selected };
}
