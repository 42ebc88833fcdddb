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

/**
 * What js-yaml reads and `yaml` does not, or reads differently, found without parsing: a tag (`!`,
 * `!!str`, `!<...>`) or an explicit key (`? `) where a node can start; a comment right after a
 * quote or a closing bracket (`""#`, `[]#`: `yaml` wants white space before `#`, js-yaml does not);
 * a line starting with `---` or `...` (js-yaml takes `---x` for a marker); a tab in a line's
 * indentation (`yaml` rejects more of those than js-yaml); a block scalar with an indentation
 * indicator (`|2`) and a line ending in a sequence entry's dash (js-yaml nests `- -` followed by an
 * empty entry differently).
 */
const REFUSED_SYNTAX =
    /(?:^|[\s[{,:])!|(?:^|[\s[{,])\?(?:\s|$)|["'\]}]#|^(?:---|\.\.\.)|^ *\t|[|>][-+]?[0-9]|(?:^|[ \t])-[ \t]*\r?$/m;

/** A leading `---` line with nothing but a comment after the marker. */
const LEADING_MARKER = /^---(?:[ \t]+(?:#[^\n]*)?)?\r?(?:\n|$)/;

/** Thrown by the listener to stop js-yaml at the first construct it is not trusted with. */
const REFUSED = new Error("refused by the fast reader");

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Whether the next character after spaces, tabs and line breaks is `:` (the node was a key). */
function followedByColon(input: string, position: number): boolean {
    let i = position;
    while (isBlank(input.charCodeAt(i))) {
        i++;
    }
    return input.charCodeAt(i) === 0x3a;
}

/** The first character of the node js-yaml starts reading at `from` (blanks and comments skipped). */
function nodeStart(input: string, from: number): number {
    let i = from;
    for (;;) {
        const c = input.charCodeAt(i);
        if (isBlank(c)) {
            i++;
        } else if (c === 0x23) {
            const eol = input.indexOf("\n", i);
            i = eol === -1 ? input.length : eol;
        } else {
            return i;
        }
    }
}

/**
 * Watches js-yaml's nodes: refuses anchors, the non-specific tag `!`, keys that are collections or
 * null (after them comes a `:`, or, in a flow mapping, they follow its `{` or a `,`), and quoted scalars or flow collections over several lines (their indentation rules differ:
 * `yaml` rejects continuation lines js-yaml accepts).
 */
function watcher(): (event: "open" | "close", state: LoaderState) => void {
    // The first character of each open node, innermost last.
    const opened: number[] = [];
    return (event, state) => {
        if (event === "open") {
            opened.push(nodeStart(state.input, state.position));
            return;
        }
        const start = opened.pop() ?? 0;
        if (state.anchor !== null || state.tag === "!") {
            throw REFUSED;
        }
        if (
            (state.kind !== "scalar" || state.result === null) &&
            followedByColon(state.input, state.position)
        ) {
            throw REFUSED;
        }
        const c = state.input.charCodeAt(start);
        const quoted = c === 0x22 || c === 0x27;
        const flow = c === 0x5b || c === 0x7b;
        if (flow && state.kind !== "scalar" && opened.length > 0) {
            const parent = state.input.charCodeAt(opened[opened.length - 1]);
            let i = start - 1;
            while (i >= 0 && isBlank(state.input.charCodeAt(i))) {
                i--;
            }
            const before = state.input.charCodeAt(i);
            if (parent === 0x7b && (before === 0x7b || before === 0x2c)) {
                throw REFUSED;
            }
        }
        if (
            ((quoted && state.kind === "scalar") || (flow && state.kind !== "scalar")) &&
            state.input.lastIndexOf("\n", state.position - 1) > start
        ) {
            throw REFUSED;
        }
    };
}

/**
 * The value of the single YAML document `text` (which holds no document marker except a leading
 * `---`) as `yaml`'s `toJS()` gives it, or `undefined` when only `yaml` can say.
 */
export function fastDocumentValue(text: string): { value: unknown } | undefined {
    const body = text.replace(LEADING_MARKER, "");
    if (REFUSED_SYNTAX.test(body)) {
        return undefined;
    }
    try {
        // An empty document is null for `yaml`, undefined for js-yaml.
        return { value: load(body, { schema: CORE, listener: watcher() }) ?? null };
    } catch {
        return undefined;
    }
}
