/**
 * The fast value parser gives exactly what `yaml` gives (`parseDocument(text).toJS()`, the checker's
 * slow path), or refuses: on generated plain scalars in YAML 1.1 and 1.2 spellings, in every position
 * a scalar can take, on generated manifests written by both libraries' writers, and on those
 * manifests broken by generated edits (where `yaml` finds errors, the fast parser must refuse).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { dump } from "js-yaml";
import { parseDocument, stringify } from "yaml";

import { fastDocumentValue } from "../../../tools/checker/fast-yaml";
import { splitDocuments } from "../../../tools/checker/split";
import { ROOT } from "../../../tools/offline/root";

/** `yaml`'s verdict: the value, or `errors` when the document has any (or `toJS` throws). */
function slow(text: string): { value: unknown } | "errors" {
    const doc = parseDocument(text, { logLevel: "error" });
    if (doc.errors.length > 0) {
        return "errors";
    }
    try {
        return { value: doc.toJS() };
    } catch {
        return "errors"; // an alias without its anchor
    }
}

/** Asserts the fast parser agrees with `yaml` on `text`; returns whether it took the document. */
function agrees(text: string): boolean {
    const fast = fastDocumentValue(text);
    const expected = slow(text);
    if (fast === undefined) {
        return false;
    }
    assert.notStrictEqual(expected, "errors", `fast parser accepted what yaml rejects:\n${text}`);
    assert.deepStrictEqual(fast, expected, text);
    return true;
}

/** Scalars whose resolution differs between YAML 1.1, 1.2 and the two libraries' schemas. */
const TRICKY = [
    ...["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "Y", "N"],
    ...["true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "fAlse"],
    ...["null", "Null", "NULL", "nULL", "~", ""],
    ...["0", "-0", "+0", "00", "007", "0o17", "0O17", "0o8", "017", "08", "0x1F", "0X1F", "0xg"],
    ...["0b101", "1_000", "+12", "-12", "12345678901234567890", "1:20", "190:20:30"],
    ...["1.", ".5", "-.5", "+1.5", "1.0", "1.50", "1e3", "1E3", "1e+3", "1.5e-3", ".1e1", "1.e2"],
    ...[".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", ".nAn", "inf", "nan"],
    ...["2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "12:30"],
    ...["<<", "=", "!", "&a", "*a", "!!str", "? a", "- a", ": a", "a: b", "#c", "a #c"],
    ...["'q'", '"q"', "a'b", 'a"b', "@x", "`x", "%x", "|", ">", "[a]", "{a: 1}", "a,b", "\t"],
];

const scalarSource = fc.oneof(
    fc.constantFrom(...TRICKY),
    fc.tuple(fc.constantFrom(...TRICKY), fc.constantFrom(...TRICKY)).map(([a, b]) => `${a}${b}`),
    fc.string({
        unit: fc.constantFrom(..."0123456789+-._eEoxabfnul~:#'\" \t".split("")),
        maxLength: 8,
    }),
    fc.string({ maxLength: 6 }),
);

/** The places a scalar's source text can stand. */
const PLACES: readonly ((s: string) => string)[] = [
    (s) => `k: ${s}\n`,
    (s) => `- ${s}\n`,
    (s) => `${s}: v\n`,
    (s) => `k: [${s}, x]\n`,
    (s) => `k: {${s}: 1, b: ${s}}\n`,
    (s) => `k: "${s}"\n`,
    (s) => `k: '${s}'\n`,
    (s) => `k: |\n  ${s}\n`,
    (s) => `k: >-\n  ${s}\n  ${s}\n`,
    (s) => `k: ${s}\n  ${s}\n`,
    (s) => `--- ${s}\n`,
    (s) => `a:\n  - b: ${s}\n    c: [${s}]\n`,
];

describe("checker: fast YAML values", function () {
    this.timeout(120_000);

    it("agrees with yaml on generated scalars in YAML 1.1 and 1.2 spellings, in every position", () => {
        let taken = 0;
        fc.assert(
            fc.property(scalarSource, fc.integer({ min: 0, max: PLACES.length - 1 }), (s, p) => {
                taken += agrees(PLACES[p](s)) ? 1 : 0;
            }),
            { numRuns: 4000 },
        );
        // Most of them are plain YAML the fast parser takes (not a test passed by refusing all).
        assert.ok(taken > 2000, `fast parser took only ${taken} of 4000`);
    });

    it("gives 1.2 core values where YAML 1.1 and js-yaml's default schema differ", () => {
        assert.deepStrictEqual(
            fastDocumentValue(
                "a: yes\nb: on\nc: 0o17\nd: 017\ne: 0x1F\nf: 2001-12-14\ng: 1_000\nh: .NaN\ni: ~\n<<: {j: 1}\n",
            ),
            {
                value: {
                    a: "yes",
                    b: "on",
                    c: 15,
                    d: 17,
                    e: 31,
                    f: "2001-12-14",
                    g: "1_000",
                    h: NaN,
                    i: null,
                    "<<": { j: 1 },
                },
            },
        );
    });

    it("refuses tags, anchors, aliases, explicit, null and collection keys, duplicate keys", () => {
        for (const text of [
            "a: !!str 1\n",
            "a: ! 1\n",
            "a: !<tag:yaml.org,2002:str> 1\n",
            "a: !custom x\n",
            "a: &x 1\nb: *x\n",
            "a: &x [1]\n",
            "? a\n: b\n",
            "~: a\n",
            "null: a\n",
            "[a]: b\n",
            "{a: 1}: b\n",
            "a: 1\na: 2\n",
            "1: a\n01: b\n",
            "a: [\n",
        ]) {
            assert.strictEqual(fastDocumentValue(text), undefined, text);
        }
    });

    const manifest = fc.letrec((tie) => ({
        value: fc.oneof(
            { depthSize: "small" },
            fc.constantFrom(...TRICKY),
            fc.string({ maxLength: 12 }),
            fc.integer(),
            fc.double(),
            fc.boolean(),
            fc.constant(null),
            tie("map"),
            fc.array(tie("value"), { maxLength: 4 }),
        ),
        map: fc.dictionary(
            fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 8 })),
            tie("value"),
            { maxKeys: 5 },
        ),
    })).map;

    const writers: readonly ((v: unknown) => string)[] = [
        (v) => stringify(v),
        (v) => stringify(v, { defaultStringType: "QUOTE_DOUBLE", lineWidth: 20 }),
        (v) => stringify(v, { defaultStringType: "BLOCK_FOLDED", defaultKeyType: "PLAIN" }),
        (v) => stringify(v, { collectionStyle: "flow" }),
        (v) => stringify(v, { indentSeq: false, indent: 4 }),
        (v) => dump(v, { lineWidth: 20 }),
        (v) => dump(v, { flowLevel: 1, quotingType: '"' }),
    ];

    it("agrees with yaml on generated manifests written by both libraries", () => {
        let taken = 0;
        fc.assert(
            fc.property(manifest, fc.integer({ min: 0, max: writers.length - 1 }), (m, w) => {
                taken += agrees(writers[w](m)) ? 1 : 0;
            }),
            { numRuns: 1500 },
        );
        assert.ok(taken > 750, `fast parser took only ${taken} of 1500`);
    });

    it("refuses or agrees on generated manifests broken by generated edits", () => {
        const edit = fc.tuple(
            fc.nat(),
            fc.nat({ max: 3 }),
            fc.constantFrom(
                "\t",
                " ",
                "  ",
                "\n",
                ":",
                ": ",
                "- ",
                "-",
                "#",
                " #",
                "'",
                '"',
                "[",
                "]",
                "{",
                "}",
                ",",
                "|",
                ">",
                "?",
                "&",
                "*",
                "!",
                "---",
                "\n---\n",
                "...",
                "\\",
                "%",
                "@",
                "\u00a0",
                "\r\n",
                "\r",
            ),
        );
        fc.assert(
            fc.property(
                manifest,
                fc.integer({ min: 0, max: writers.length - 1 }),
                fc.array(edit, { minLength: 1, maxLength: 3 }),
                (m, w, edits) => {
                    let text = writers[w](m);
                    for (const [at, cut, insert] of edits) {
                        const i = text.length === 0 ? 0 : at % text.length;
                        text = text.slice(0, i) + insert + text.slice(i + cut);
                    }
                    // Only what split.ts passes on reaches the fast parser: one document.
                    const docs = splitDocuments(text);
                    if (docs && docs.length <= 1) {
                        agrees(text);
                    }
                },
            ),
            { numRuns: 3000 },
        );
    });

    it("takes every document of the repository's manifest fixtures", () => {
        const dir = path.join(ROOT, "tests", "fixtures", "manifests", "good");
        for (const file of fs.readdirSync(dir)) {
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            for (const part of text.split(/^(?=---$)/m)) {
                assert.ok(agrees(part), `${file}: fast parser refused\n${part}`);
            }
        }
    });
});
