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
