/**
 * The stack file is read as the Pulumi CLI reads it (gopkg.in/yaml.v3 and pulumi/pulumi's config
 * loading): one test per row of the table "How the stack file is read" in docs/operations.md, and
 * generated files for the number notations, quoting and hostile bytes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";

import {
    loadStackConfig,
    MAX_CONFIG_ENV_BYTES,
    SECRET_PLACEHOLDER,
    StackConfigFileError,
} from "../../tools/offline/stack-config";
import { ROOT } from "../helpers/config";

const P = "supply-chain-platform";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
const FILE = path.join(dir, "Pulumi.rows.yaml");

function load(body: string | Buffer) {
    fs.writeFileSync(FILE, body);
    return loadStackConfig(ROOT, "rows", FILE);
}

/** The value the program receives for `x`, written in the stack file as `x: <text>`. */
function valueOf(text: string): string {
    return load(`config:\n  ${P}:x: ${text}\n`).config[`${P}:x`];
}

function refuses(body: string | Buffer, message: string): void {
    assert.throws(
        () => load(body),
        (e: unknown) => {
            assert.ok(e instanceof StackConfigFileError, String(e));
            assert.strictEqual(e.message, message);
            return true;
        },
    );
}

describe("tools: the stack file is read as the Pulumi CLI reads it", () => {
    // [row, text in the file, what the program receives]
    const values: [string, string, string][] = [
        ["hexadecimal", "0x1F", "31"],
        ["octal, YAML 1.2 form", "0o17", "15"],
        ["octal, YAML 1.1 form (yaml.v3 keeps it)", "017", "15"],
        ["binary", "0b101", "5"],
        ["underscores in a number", "1_000", "1000"],
        ["a leading zero that is not octal reads as a float", "08", "8"],
        ["exponent", "1e3", "1000"],
        ["a float loses its trailing zero", "1.30", "1.3"],
        ["negative zero", "-0.0", "-0"],
        ["an integer past int64 is a uint64", "9223372036854775808", "9223372036854775808"],
        ["an integer past uint64 is a float", "18446744073709551616", "18446744073709552000"],
        ["a float starting with a dot", ".5", "0.5"],
        ["a float past float64's range stays text", "1e400", "1e400"],
        ["yes is text (YAML 1.1 booleans are not)", "yes", "yes"],
        ["on is text", "on", "on"],
        ["y is text", "y", "y"],
        ["True is a boolean", "True", "true"],
        ["FALSE is a boolean", "FALSE", "false"],
        ["~ is no value, handed on as empty", "~", ""],
        ["an empty value is handed on as empty", "", ""],
        ["Null is no value", "Null", ""],
        ["a date becomes Go's time text", "2026-01-15", "2026-01-15 00:00:00 +0000 UTC"],
        [
            "a time with an offset keeps it",
            "2026-01-15T10:00:00.50+02:00",
            "2026-01-15 10:00:00.5 +0200 +0200",
        ],
        ["a quoted number is text", '"0x1F"', "0x1F"],
        ["!!str keeps the text", "!!str 0x1F", "0x1F"],
        ["!!int reads a quoted number", '!!int "12"', "12"],
        ["!!float turns an int into a float", "!!float 3", "3"],
        ["!!binary is decoded", "!!binary aGVsbG8=", "hello"],
        ["an unknown tag keeps the text", "!custom value", "value"],
        ["a double-quoted escape may hold NUL", '"a\\0b"', "a\u0000b"],
        ["a map is JSON, its scalars resolved", "{b: 2, a: 0x10}", '{"b":2,"a":16}'],
        ["a list is JSON", "[1, two, 3.50]", '[1,"two",3.5]'],
        ["inside a map, ~ stays null", "{a: ~}", '{"a":null}'],
        ["a map with secure: that is not a string is plain", "{secure: 1}", '{"secure":1}'],
        [
            "a map with secure: and another key is plain",
            "{secure: v1:abc, note: x}",
            '{"secure":"v1:abc","note":"x"}',
        ],
    ];
    for (const [row, text, expected] of values) {
        it(`reads: ${row} (${text || "nothing"})`, () => {
            assert.strictEqual(valueOf(text), expected);
        });
    }

    it("reads: an alias as the anchored value", () => {
        const s = load(`base: &b {x: 1}\nconfig:\n  ${P}:x: *b\n`);
        assert.strictEqual(s.config[`${P}:x`], '{"x":1}');
    });

    it("reads: merge keys, explicit keys first, then earlier merged maps", () => {
        const s = load(
            `a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nconfig:\n  ${P}:x:\n    <<: [*b, *a]\n    z: 3\n`,
        );
        assert.deepStrictEqual(JSON.parse(s.config[`${P}:x`]), { x: 1, y: 2, z: 3 });
    });

    it("reads: a secure: value makes the key secret, wherever it sits", () => {
        const s = load(`config:\n  ${P}:x:\n    list:\n      - secure: v1:abc\n`);
        assert.deepStrictEqual(s.secretKeys, [`${P}:x`]);
        assert.strictEqual(s.config[`${P}:x`], SECRET_PLACEHOLDER);
    });

    it("reads: ns:config:name as ns:name (the old spelling)", () => {
        assert.strictEqual(
            load("config:\n  aws:config:region: eu-west-1\n").config["aws:region"],
            "eu-west-1",
        );
    });

    it("reads: a UTF-8 byte-order mark is dropped", () => {
        const s = load(
            Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`config:\n  ${P}:x: a\n`)]),
        );
        assert.strictEqual(s.config[`${P}:x`], "a");
    });

    it("reads: UTF-16 with a byte-order mark", () => {
        const body = Buffer.from(`\ufeffconfig:\n  ${P}:x: é\n`, "utf16le");
        assert.strictEqual(load(body).config[`${P}:x`], "é");
    });

    it("reads: the first document only", () => {
        assert.strictEqual(
            load(`config:\n  ${P}:x: 1\n---\nconfig:\n  ${P}:x: 2\n`).config[`${P}:x`],
            "1",
        );
    });

    it("refuses: .inf, which JSON cannot carry", () => {
        refuses(
            `config:\n  ${P}:x: .inf\n`,
            `${FILE}: line 2: ${P}:x holds a number JSON cannot carry (json: unsupported value: +Inf), so the Pulumi CLI cannot hand it to the program; write a finite number or a quoted string`,
        );
    });

    it("refuses: .nan inside a map", () => {
        refuses(
            `config:\n  ${P}:x: {a: .NaN}\n`,
            `${FILE}: line 2: ${P}:x holds a number JSON cannot carry (json: unsupported value: NaN), so the Pulumi CLI cannot hand it to the program; write a finite number or a quoted string`,
        );
    });

    it("refuses: a tag the text does not fit", () => {
        refuses(
            `config:\n  ${P}:x: !!int abc\n`,
            `${FILE} is not valid YAML as the Pulumi CLI reads it: line 2: cannot decode !!str \`abc\` as a !!int`,
        );
    });

    it("refuses: a merge of something that is not a map", () => {
        refuses(
            `config:\n  ${P}:x:\n    <<: 1\n`,
            `${FILE} is not valid YAML as the Pulumi CLI reads it: line 3: map merge requires map or sequence of maps as the value`,
        );
    });

    it("refuses: a key given twice in one map", () => {
        refuses(
            `config:\n  ${P}:x:\n    a: 1\n    a: 2\n`,
            `${FILE} is not valid YAML as the Pulumi CLI reads it: line 4: mapping key "a" already defined at line 3`,
        );
    });

    it("refuses: a project key given twice, with and without the project prefix", () => {
        refuses(
            `config:\n  mesh: {}\n  ${P}:mesh: {}\n`,
            `${FILE}: line 3: ${P}:mesh is given twice, as "mesh" (line 2) and "${P}:mesh"; the Pulumi CLI keeps one of them at random, so remove one`,
        );
    });

    it("refuses: a key given twice through the ns:config:name spelling", () => {
        refuses(
            "config:\n  aws:region: a\n  aws:config:region: b\n",
            `${FILE}: line 3: aws:region is given twice, as "aws:region" (line 2) and "aws:config:region"; the Pulumi CLI keeps one of them at random, so remove one`,
        );
    });

    it("refuses: a key with more colons than the CLI parses", () => {
        refuses(
            "config:\n  a:b:c: 1\n",
            `${FILE}: line 2: "a:b:c" is not a config key the Pulumi CLI accepts: a key is <namespace>:<name>, with one colon`,
        );
    });

    it("refuses: a NUL byte, naming its line", () => {
        refuses(
            `config:\n  ${P}:x: a\u0000b\n`,
            `${FILE}: line 2: holds the control character U+0000, which the Pulumi CLI refuses ("control characters are not allowed"); write it as an escape inside a double-quoted string, or remove it`,
        );
    });

    it("refuses: a C1 control character", () => {
        refuses(
            `config:\n\n  ${P}:x: a\u009bb\n`,
            `${FILE}: line 3: holds the control character U+009B, which the Pulumi CLI refuses ("control characters are not allowed"); write it as an escape inside a double-quoted string, or remove it`,
        );
    });

    it("refuses: bytes that are not UTF-8", () => {
        refuses(
            Buffer.from([0x63, 0x3a, 0x20, 0xff, 0x0a]),
            `${FILE} is not valid UTF-8 (or UTF-16 with a byte-order mark), which is all the Pulumi CLI reads; save it as UTF-8`,
        );
    });

    /** `PULUMI_CONFIG=<json>` and its NUL, with Pulumi.yaml's namespace default, for an ASCII `x`. */
    const envBytes = (x: string) =>
        `PULUMI_CONFIG=${JSON.stringify({ [`${P}:config:namespace`]: "supply-chain", [`${P}:config:x`]: x })}`
            .length + 1;

    it("refuses: a config larger than one environment variable can carry", () => {
        const big = "a".repeat(MAX_CONFIG_ENV_BYTES);
        refuses(
            `config:\n  ${P}:x: ${big}\n`,
            `${FILE}: the config is ${envBytes(big)} bytes as the Pulumi CLI hands it to the program (one environment variable, PULUMI_CONFIG), over the 131072 bytes Linux allows one (MAX_ARG_STRLEN); the program would not start. Shorten it (fewer or smaller services)`,
        );
    });

    it("reads: a config of exactly that size", () => {
        const fits = "a".repeat(MAX_CONFIG_ENV_BYTES - envBytes(""));
        assert.strictEqual(valueOf(fits).length, fits.length);
        assert.throws(() => valueOf(`${fits.slice(1)}<`), StackConfigFileError); // `<` is 6 bytes in Go's JSON
    });

    describe("generated", () => {
        it("an integer in any notation reaches the program as its decimal digits", () => {
            fc.assert(
                fc.property(
                    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
                    fc.constantFrom("dec", "hex", "oct", "bin", "octOld"),
                    fc.boolean(),
                    (n, base, underscore) => {
                        const abs = n < 0n ? -n : n;
                        const digits =
                            base === "hex"
                                ? `0x${abs.toString(16)}`
                                : base === "oct"
                                  ? `0o${abs.toString(8)}`
                                  : base === "bin"
                                    ? `0b${abs.toString(2)}`
                                    : base === "octOld" && abs > 0n
                                      ? `0${abs.toString(8)}`
                                      : abs.toString();
                        const spaced = underscore ? digits.replace(/(\d)(?=\d)/, "$1_") : digits;
                        assert.strictEqual(valueOf(`${n < 0n ? "-" : ""}${spaced}`), n.toString());
                    },
                ),
                { numRuns: 150, seed: 25 },
            );
        });

        it("a quoted string reaches the program as written", () => {
            fc.assert(
                fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
                    fc.pre(![...s].some((c) => /[\p{Cc}\p{Cs}\ufffe\uffff\u0085]/u.test(c)));
                    assert.strictEqual(valueOf(JSON.stringify(s)), s);
                }),
                { numRuns: 150, seed: 25 },
            );
        });

        it("any bytes are read or refused with a StackConfigFileError, never a crash", () => {
            fc.assert(
                fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
                    try {
                        load(
                            Buffer.concat([Buffer.from(`config:\n  ${P}:x: `), Buffer.from(bytes)]),
                        );
                    } catch (e) {
                        assert.ok(e instanceof StackConfigFileError, String(e));
                    }
                }),
                { numRuns: 200, seed: 25 },
            );
        });
    });
});
