/**
 * A composed YAML document's value, or what stops `toJS()` as a YAML error with its place. `yaml`
 * 2.9.1 composes an alias whose anchor is not set before it (`*x` alone) without a document error,
 * and `toJS()` then throws a `ReferenceError` ("Unresolved alias (the anchor must be set before the
 * alias): x"); it throws one too for too many aliases ("Excessive alias count indicates a resource
 * exhaustion attack", `maxAliasCount`). Both come from `nodes/Alias.js` (`resolve`, `toJSON`) of
 * yaml 2.9.1. Such a document is reported like the library's own errors: the message, then
 * `at line L, column C` and a frame of the line (with the line before when the alias starts its
 * line) and carets under the alias, the layout of `prettifyError` in yaml's `dist/errors.js`.
 *
 * @see https://eemeli.org/yaml/#errors
 */
import { Document, LineCounter, visit } from "yaml";

/** The first alias that does not resolve, else the first alias (the one too many), else none. */
function offendingAlias(doc: Document): readonly [number, number] | undefined {
    let first: readonly [number, number] | undefined;
    let unresolved: readonly [number, number] | undefined;
    visit(doc, {
        Alias(_, node) {
            const range = node.range ? ([node.range[0], node.range[1]] as const) : undefined;
            first ??= range;
            if (range && node.resolve(doc) === undefined) {
                unresolved = range;
                return visit.BREAK;
            }
            return undefined;
        },
    });
    return unresolved ?? first;
}

/** `message at line L, column C:` with the line and carets under `[start, end)` of `text`. */
export function framedMessage(
    message: string,
    text: string,
    lines: LineCounter,
    [start, end]: readonly [number, number],
): string {
    const { line, col } = lines.linePos(start);
    const lineText = (n: number) =>
        text
            .substring(lines.lineStarts[n - 1], lines.lineStarts[n] ?? text.length)
            .replace(/[\r\n]+$/, "");
    const current = lineText(line);
    const before =
        line > 1 && /^ *$/.test(current.substring(0, col - 1)) ? `${lineText(line - 1)}\n` : "";
    const width = Math.max(1, Math.min(end, start + current.length - (col - 1)) - start);
    return `${message} at line ${line}, column ${col}:\n\n${before}${current}\n${" ".repeat(col - 1)}${"^".repeat(width)}\n`;
}

/**
 * The value of `doc` (composed from `text`, offsets counted by `lines`), or the error `toJS()` stops
 * at, framed as above. Other exceptions are not the input's and are thrown.
 */
export function documentValue(
    doc: Document,
    text: string,
    lines: LineCounter,
): { readonly value: unknown } | { readonly error: string } {
    try {
        return { value: doc.toJS() };
    } catch (e) {
        if (!(e instanceof ReferenceError)) {
            throw e;
        }
        const start = doc.range?.[0] ?? 0;
        const at = offendingAlias(doc) ?? ([start, start + 1] as const);
        return { error: framedMessage(e.message, text, lines, at) };
    }
}
