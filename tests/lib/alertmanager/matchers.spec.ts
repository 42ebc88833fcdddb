import * as assert from "assert";
import fc from "fast-check";

import { prometheusDurationMs } from "../../../lib/alertmanager/duration";
import { parseMatchers } from "../../../lib/alertmanager/matchers";

const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/);
const plainValue = fc.stringMatching(/^[a-zA-Z0-9_.:/-]{0,20}$/);
const op = fc.constantFrom("=", "!=", "=~", "!~");

describe("lib/alertmanager matchers", () => {
    it("reads every classic matcher, quoted or not, alone, in a list or in braces", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(name, op, plainValue, fc.boolean()), {
                    minLength: 1,
                    maxLength: 4,
                }),
                fc.boolean(),
                (items, braces) => {
                    const line = items
                        .map(([n, o, v, q]) => `${n}${o}${q || v === "" ? JSON.stringify(v) : v}`)
                        .join(", ");
                    const parsed = parseMatchers(braces ? `{${line}}` : line);
                    assert.deepStrictEqual(
                        parsed,
                        items.map(([n, o, v]) => ({ name: n, op: o, value: v })),
                        line,
                    );
                },
            ),
        );
    });

    it("reads quoted values with escapes and UTF-8 names in quotes", () => {
        assert.deepStrictEqual(parseMatchers('summary="say \\"hi\\""'), [
            { name: "summary", op: "=", value: 'say "hi"' },
        ]);
        assert.deepStrictEqual(parseMatchers('"service.name"="web €"'), [
            { name: "service.name", op: "=", value: "web €" },
        ]);
        assert.deepStrictEqual(parseMatchers('severity=~"warning|info"'), [
            { name: "severity", op: "=~", value: "warning|info" },
        ]);
    });

    it("reads RE2 syntax JavaScript lacks: inline flags, Perl classes, POSIX classes", () => {
        for (const v of ["(?i)critical", "(?i:web)|api", "\\pL+", "[[:alpha:]]+", "web\\z"]) {
            assert.deepStrictEqual(
                parseMatchers(`team=~"${v}"`),
                [{ name: "team", op: "=~", value: v.replace(/\\\\/g, "\\") }],
                v,
            );
        }
    });

    it("refuses what Alertmanager refuses, saying why", () => {
        const table: [string, string][] = [
            ["critical", '"critical" is not name, operator (=, !=, =~, !~) and value'],
            ["=foo", '"=foo" is not name, operator (=, !=, =~, !~) and value'],
            ['severity="crit', "a double quote is left open"],
            ['{severity="critical"', "braces must open and close the whole line"],
            ['team=~"(web"', 'regular expression "(web" is refused: it does not compile'],
            [
                'team=~"(?!web).*"',
                'regular expression "(?!web).*" is refused: lookahead and lookbehind are not RE2',
            ],
            [
                'team=~"(a)\\\\1"',
                'regular expression "(a)\\\\1" is refused: backreferences are not RE2',
            ],
            [
                'sev erity="x"',
                "label name sev erity must be unquoted without spaces or {}!=~,\\\"'` characters, or double-quoted",
            ],
        ];
        for (const [line, reason] of table) {
            assert.strictEqual(parseMatchers(line), reason, line);
        }
    });

    it("answers any input, even a long one, quickly", () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 200 }), (s) => {
                const r = parseMatchers(s);
                assert.ok(typeof r === "string" || Array.isArray(r));
            }),
        );
        const start = Date.now();
        parseMatchers(`a${" ".repeat(1000)}`);
        parseMatchers("=".repeat(10 ** 6));
        assert.ok(Date.now() - start < 200);
    });
});

describe("lib/alertmanager durations", () => {
    it("reads compound Prometheus durations, largest unit first, and refuses the rest", () => {
        const units = ["y", "w", "d", "h", "m", "s", "ms"];
        const ms = [31536e6, 6048e5, 864e5, 36e5, 6e4, 1e3, 1];
        fc.assert(
            fc.property(
                fc.array(fc.option(fc.nat({ max: 99 })), { minLength: 7, maxLength: 7 }),
                (parts) => {
                    const text = parts
                        .map((n, i) => (n === null ? "" : `${n}${units[i]}`))
                        .join("");
                    const expected = parts.reduce((s: number, n, i) => s + (n ?? 0) * ms[i], 0);
                    assert.strictEqual(
                        prometheusDurationMs(text),
                        text === "" ? undefined : expected,
                        text,
                    );
                },
            ),
        );
        for (const bad of ["1.5h", "30m1h", "1h ", "1H", "-1s", "1", "1sm", "99999999999y"]) {
            assert.strictEqual(prometheusDurationMs(bad), undefined, bad);
        }
        assert.strictEqual(prometheusDurationMs("0"), 0);
    });
});
