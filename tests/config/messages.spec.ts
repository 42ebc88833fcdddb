/**
 * Messages are safe: no value of a key nothing reads is printed, and no key or value, however hostile,
 * can break a message line, drive a terminal or make a line unboundedly long.
 */
import * as assert from "assert";
import fc from "fast-check";

import {
    describeValue,
    formatConfigIssues,
    MAX_LINE,
    safeText,
} from "../../components/internal/config-errors";
import {
    ConfigError,
    configContext,
    parsePlatformConfig,
    platformConfigSchema,
    rawProjectConfig,
} from "../../config";
import { rawStack, stackConfig, TEST_DAY } from "../helpers/config";

const P = "supply-chain-platform";

/** Characters no message line may hold. */
const UNSAFE =
    /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\p{Default_Ignorable_Code_Point}\p{Cs}]/u;

/** Text made of hostile characters mixed with ordinary ones. */
const hostile = fc
    .array(
        fc.oneof(
            fc.constantFrom(
                "\n",
                "\r",
                "\u001b[31m",
                "\u0007",
                "\u0085",
                "\u009b",
                "\u2028",
                "\u2029",
            ),
            fc.constantFrom(
                "\u202e",
                "\u2066",
                "\u200b",
                "\ufeff",
                "\u00ad",
                "\ud800",
                "\u{e0041}",
                "\u007f",
            ),
            fc.string({ unit: "binary", maxLength: 5 }),
            fc.constantFrom("a", "secret", "é", "😀"),
        ),
        { maxLength: 60 },
    )
    .map((parts) => parts.join(""));

function assertSafe(message: string): void {
    for (const line of message.split("\n")) {
        assert.ok(!UNSAFE.test(line), `unsafe character in ${JSON.stringify(line)}`);
        assert.ok([...line].length <= MAX_LINE, `line of ${[...line].length} code points`);
    }
}

describe("config: messages are safe", () => {
    it("escapes controls, separators, bidi and invisible characters, and caps by code points", () => {
        assert.strictEqual(
            safeText("a\nb\u202ec\u200bd\u001b[1m\u{e0001}😀"),
            "a\\u000Ab\\u202Ec\\u200Bd\\u001B[1m\\u{E0001}😀",
        );
        assert.strictEqual(safeText("😀".repeat(100)), `${"😀".repeat(77)}...`);
        assert.strictEqual(describeValue("x\u0085y"), '"x\\u0085y"');
    });

    it("prints the shape of an unknown key's value, never the value", () => {
        const raw = rawStack("staging");
        raw.databasePassword = "hunter2-hunter2";
        assert.throws(() => parsePlatformConfig(raw, { today: TEST_DAY }), {
            message: `${P}:databasePassword is not a known key (allowed: ${Object.keys(platformConfigSchema.shape).join(", ")}), got a string of 15 characters (not shown)`,
        });
    });

    it("no hostile key or value of the project's can forge a line", () => {
        fc.assert(
            fc.property(
                hostile,
                hostile,
                fc.constantFrom("top", "services", "nodeGroup"),
                (key, value, where) => {
                    const raw = rawStack("staging");
                    if (where === "top") {
                        raw[key] = `${value}-secretvalue`;
                    } else if (where === "services") {
                        (raw.services as Record<string, unknown>)[key] = { image: value };
                    } else {
                        (
                            (raw.cluster as Record<string, unknown>).nodeGroups as Record<
                                string,
                                unknown
                            >
                        )[key] = {
                            instanceTypes: [value],
                        };
                    }
                    try {
                        parsePlatformConfig(raw, { today: TEST_DAY, region: "us-west-2" });
                    } catch (e) {
                        assert.ok(e instanceof ConfigError, String(e));
                        assertSafe(e.message);
                        assert.ok(
                            !e.message.includes("-secretvalue"),
                            "the value of an unknown key is not shown",
                        );
                    }
                },
            ),
            { numRuns: 150, seed: 25 },
        );
    });

    it("no hostile key of any namespace can forge a line, and its value is never shown", () => {
        const s = stackConfig("staging");
        fc.assert(
            fc.property(hostile, hostile, (key, value) => {
                fc.pre(!key.startsWith(`${P}:`));
                const all = { ...s.config, [key]: `${value}-secretvalue` };
                try {
                    parsePlatformConfig(rawProjectConfig(all), {
                        ...configContext(all, []),
                        today: TEST_DAY,
                    });
                    assert.fail("an unknown key must be refused");
                } catch (e) {
                    assert.ok(e instanceof ConfigError, String(e));
                    assertSafe(e.message);
                    assert.ok(!e.message.includes("-secretvalue"));
                }
            }),
            { numRuns: 150, seed: 25 },
        );
    });

    it("caps every line, whatever the schema's own message holds", () => {
        fc.assert(
            fc.property(hostile, fc.nat({ max: 5000 }), (text, n) => {
                const message = formatConfigIssues(
                    P,
                    [
                        {
                            code: "custom",
                            path: ["x", text],
                            message: `${text}${"y".repeat(n)}`,
                            input: text,
                        },
                    ],
                    {},
                );
                assertSafe(message);
                assert.strictEqual(message.split("\n").length, 1);
            }),
            { numRuns: 150, seed: 25 },
        );
    });
});
