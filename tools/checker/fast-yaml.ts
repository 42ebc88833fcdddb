/**
 * A fast value parser for plain YAML documents, giving exactly the value the `yaml` library's
 * `toJS()` gives with the options the checker reads manifests with (YAML 1.2, core schema, unique
 * keys, no merge keys: `yaml` 2.x defaults), or `undefined` when it cannot promise that, and the
 * caller composes the document with `yaml` instead.
 *
 * js-yaml 4 parses about ten times faster than `yaml`'s composer, but resolves plain scalars with
 * its own schemas and stringifies map keys its own way. So it runs here with a schema of our own
 * whose implicit types are `yaml`'s core-schema rules, copied test for test and in the same order
 * (yaml 2.9.1 `dist/schema/core/{bool,int,float}.js`, `dist/schema/common/null.js`), with no explicit
 * types (any `!!tag` is an error, so the document goes to `yaml`), and it refuses what the two
 * libraries build differently:
 * - tags, including the non-specific `!` and verbatim `!<...>` (a cheap scan of the text);
 * - anchors (so also aliases and alias bombs, which `yaml` limits and js-yaml shares);
 * - explicit keys (`? `), and keys that are collections or null (`yaml` writes `[ a ]` and `""`
 *   where js-yaml writes `a` and `null`);
 * - anything js-yaml rejects (duplicate keys, syntax errors): `yaml` reports those with its own
 *   messages.
 * tests/tools/checker/fast-yaml.spec.ts compares both parsers on generated scalars and documents.
 *
 * @see https://yaml.org/spec/1.2.2/#1032-tag-resolution (core schema)
 * @see https://github.com/nodeca/js-yaml (4.3.2: `Schema`, `Type`, `load`'s `listener` option)
 */
import { LoaderState, load, Schema, Type } from "js-yaml";

/**
 * One implicit type: `yaml`'s tests for a tag, tried in order, each with its resolution. (js-yaml
 * keeps one implicit type per tag, so a tag's rules share one type.)
 */
function implicit(
    tag: string,
    rules: readonly (readonly [RegExp, (s: string) => unknown])[],
): Type {
    const rule = (s: string) => rules.find(([test]) => test.test(s));
    return new Type(`tag:yaml.org,2002:${tag}`, {
        kind: "scalar",
        resolve: (s) => s !== null && rule(s) !== undefined,
        construct: (s) => rule(s)?.[1](s),
    });
}

/** `yaml`'s core schema (1.2) for plain scalars, in its order; everything else is a string. */
const CORE = new Schema({
    implicit: [
        implicit("null", [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
        implicit("bool", [
            [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === "t" || s[0] === "T"],
        ]),
        implicit("int", [
            [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
            [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
            [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
        ]),
        implicit("float", [
            [
                /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
                (s) =>
                    s.slice(-3).toLowerCase() === "nan"
                        ? NaN
                        : s[0] === "-"
                          ? Number.NEGATIVE_INFINITY
                          : Number.POSITIVE_INFINITY,
            ],
            [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
            [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
        ]),
    ],
    explicit: [],
});

/** A tag (`!`, `!!str`, `!<...>`) or an explicit key (`? `) where a node can start. */
const REFUSED_SYNTAX = /(?:^|[\s[{,:])!|(?:^|[\s[{,])\?(?:\s|$)/m;

/** Thrown by the listener to stop js-yaml at the first construct it is not trusted with. */
const REFUSED = new Error("refused by the fast reader");

/** Whether the next character after spaces, tabs and line breaks is `:` (the node was a key). */
function followedByColon(input: string, position: number): boolean {
    let i = position;
    let c = input.charCodeAt(i);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        c = input.charCodeAt(++i);
    }
    return c === 0x3a;
}

function listener(event: "open" | "close", state: LoaderState): void {
    if (event !== "close") {
        return;
    }
    if (state.anchor !== null || state.tag === "!") {
        throw REFUSED;
    }
    if (
        (state.kind !== "scalar" || state.result === null) &&
        followedByColon(state.input, state.position)
    ) {
        throw REFUSED;
    }
}

/**
 * The value of the single YAML document `text` (which holds no document marker except a leading
 * `---`) as `yaml`'s `toJS()` gives it, or `undefined` when only `yaml` can say.
 */
export function fastDocumentValue(text: string): { value: unknown } | undefined {
    if (REFUSED_SYNTAX.test(text)) {
        return undefined;
    }
    try {
        return { value: load(text, { schema: CORE, listener }) };
    } catch {
        return undefined;
    }
}
