/**
 * Every key is accounted for: keys nothing reads are refused, naming the key that was meant, whatever
 * the typo, case, look-alike letter or invisible character; provider keys are checked against what
 * the installed providers read.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";

import { closestKey, foldKey } from "../../components/internal/closest-key";
import {
    ConfigError,
    configContext,
    parsePlatformConfig,
    platformConfigSchema,
    rawProjectConfig,
} from "../../config";
import { configKeyIssues } from "../../schemas/config-keys";
import { PROVIDER_KEYS } from "../../schemas/provider-keys";
import { ROOT, stackConfig, TEST_DAY } from "../helpers/config";

const P = "supply-chain-platform";
const PROJECT_KEYS = Object.keys(platformConfigSchema.shape);

/** Parses the committed staging stack plus `extra` keys, as `loadPlatformConfig` does. */
function parseWith(extra: Record<string, string>, drop: readonly string[] = []) {
    const s = stackConfig("staging");
    const all: Record<string, string> = { ...s.config, ...extra };
    for (const k of drop) {
        delete all[k];
    }
    return parsePlatformConfig(rawProjectConfig(all), {
        ...configContext(all, s.secretKeys),
        today: TEST_DAY,
    });
}

function refuses(extra: Record<string, string>, message: string, drop: readonly string[] = []) {
    assert.throws(
        () => parseWith(extra, drop),
        (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.strictEqual(e.message, message);
            return true;
        },
    );
}

describe("config: every key is accounted for", () => {
    it("accepts exactly the config variables of the installed provider packages", () => {
        const declared = (file: string, pattern: RegExp) =>
            [
                ...fs
                    .readFileSync(path.join(ROOT, "node_modules", "@pulumi", file), "utf8")
                    .matchAll(pattern),
            ]
                .map((m) => m[1])
                .sort();
        const vars = /^export declare const (\w+)/gm;
        assert.deepStrictEqual(
            declared("aws/config/vars.d.ts", vars),
            [...(PROVIDER_KEYS.get("aws") ?? [])].sort(),
        );
        assert.deepStrictEqual(
            declared("tls/config/vars.d.ts", vars),
            [...(PROVIDER_KEYS.get("tls") ?? [])].sort(),
        );
        const args = fs
            .readFileSync(path.join(ROOT, "node_modules/@pulumi/kubernetes/provider.d.ts"), "utf8")
            .split("export interface ProviderArgs")[1];
        assert.deepStrictEqual(
            [...args.matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]).sort(),
            [...(PROVIDER_KEYS.get("kubernetes") ?? [])].sort(),
        );
        for (const none of ["random", "eks"]) {
            assert.ok(
                !fs.existsSync(
                    path.join(ROOT, "node_modules", "@pulumi", none, "config", "vars.d.ts"),
                ),
            );
        }
    });

    it("passes: the committed stacks, and every key the providers and the engine read", () => {
        parseWith({});
        parseWith({
            "aws:profile": "ops",
            "aws:defaultTags": '{"tags":{"team":"platform"}}',
            "kubernetes:enableServerSideApply": "true",
            "pulumi:tags": '{"owner":"platform"}',
            "pulumi:disable-default-providers": '["kubernetes"]',
            "tls:proxy": '{"fromEnv":true}',
        });
    });

    for (const [name, key, meant] of [
        ["a typo in the project namespace", `supply-chain-platfrom:mesh`, `${P}:mesh`],
        ["a Cyrillic a in the project namespace", `supply-chаin-platform:mesh`, `${P}:mesh`],
        [
            "a zero-width space in the project namespace",
            `supply-chain\u200b-platform:mesh`,
            `${P}:mesh`,
        ],
        ["the project namespace in capitals", `SUPPLY-CHAIN-PLATFORM:Mesh`, `${P}:mesh`],
        ["a non-breaking hyphen", `supply\u2011chain-platform:mesh`, `${P}:mesh`],
        ["a typo in aws", "awss:region", "aws:region"],
    ]) {
        it(`fails: ${name}, naming the key meant`, () => {
            const shown = key.replace("\u200b", "\\u200B");
            refuses(
                { [key]: '{"a":1}' },
                `${shown} is in a namespace nothing reads (did you mean ${meant}?), got a map of 1 key (not shown)`,
            );
        });
    }

    it("fails: a namespace nothing reads, listing the ones read", () => {
        refuses(
            { "gcp:project": "my-project" },
            `gcp:project is in a namespace nothing reads (this program reads ${P}:*, its providers aws:*, kubernetes:*, tls:*, random:*, eks:*, pulumi:*), got a string of 10 characters (not shown)`,
        );
    });

    it("fails: a misspelt aws key, without printing its (possibly secret) value", () => {
        refuses(
            { "aws:secretkey": "AKIAEXAMPLEEXAMPLE" },
            "aws:secretkey is not a key the aws provider (@pulumi/aws 7.48.0) reads (did you mean aws:secretKey?), got a string of 18 characters (not shown)",
        );
    });

    it("fails: a key of a provider that reads none", () => {
        refuses(
            { "eks:region": "x" },
            "eks:region is not a key the eks provider (@pulumi/eks 4.3.0) reads (it reads no config keys), got a string of 1 character (not shown)",
        );
    });

    it("fails: unknown keys are reported before 'no project keys' when every key is mistyped", () => {
        const s = stackConfig("staging");
        const all: Record<string, string> = {};
        for (const [k, v] of Object.entries(s.config)) {
            all[k.replace(`${P}:`, "supply-chain-platfrom:")] = v;
        }
        assert.throws(() => parsePlatformConfig(rawProjectConfig(all), configContext(all, [])), {
            message:
                /^supply-chain-platfrom:namespace is in a namespace nothing reads \(did you mean supply-chain-platform:namespace\?\), got a string of 12 characters \(not shown\)\nsupply-chain-platfrom:environment is in a namespace nothing reads \(did you mean supply-chain-platform:environment\?\), got a string of 7 characters \(not shown\)\n/,
        });
    });

    it("fails: a project key with an invisible character, naming the key meant", () => {
        refuses(
            { [`${P}:me\u200bsh`]: "{}" },
            `${P}:me\\u200Bsh is not a known key (did you mean mesh? allowed: ${PROJECT_KEYS.join(", ")}), got a map of 0 keys (not shown)`,
        );
    });

    describe("generated", () => {
        /** A spelling of `key` that reads the same on screen: case, invisible characters, look-alikes. */
        const disguise = (key: string) =>
            fc
                .array(fc.constantFrom("keep", "upper", "zwsp", "cyrillic", "wordjoiner", "bidi"), {
                    minLength: key.length,
                    maxLength: key.length,
                })
                .map((marks) =>
                    [...key]
                        .map((c, i) => {
                            const look = new Map([
                                ["a", "а"],
                                ["e", "е"],
                                ["o", "о"],
                                ["p", "р"],
                                ["c", "с"],
                            ]);
                            switch (marks[i]) {
                                case "upper":
                                    return c.toUpperCase();
                                case "zwsp":
                                    return `${c}\u200b`;
                                case "wordjoiner":
                                    return `\u2060${c}`;
                                case "bidi":
                                    return `${c}\u202e`;
                                case "cyrillic":
                                    return look.get(c) ?? c;
                                default:
                                    return c;
                            }
                        })
                        .join(""),
                );

        it("a disguised project, provider or namespace key is traced back to the key meant", () => {
            const keys = [
                ...PROJECT_KEYS.map((k) => [P, k] as const),
                ...[...PROVIDER_KEYS].flatMap(([ns, names]) => names.map((n) => [ns, n] as const)),
            ];
            fc.assert(
                fc.property(
                    fc.constantFrom(...keys),
                    fc.integer({ min: 0, max: 2 ** 31 }),
                    ([ns, name], seed) => {
                        const [fakeNs] = fc.sample(disguise(ns), { seed, numRuns: 1 });
                        const [fakeName] = fc.sample(disguise(name), {
                            seed: seed + 1,
                            numRuns: 1,
                        });
                        fc.pre(fakeNs !== ns);
                        const issues = configKeyIssues(
                            { [`${fakeNs}:${fakeName}`]: "v" },
                            P,
                            PROJECT_KEYS,
                        );
                        assert.strictEqual(issues.length, 1);
                        assert.ok(
                            issues[0].includes(`(did you mean ${ns}:${name}?)`),
                            `${issues[0]} should name ${ns}:${name}`,
                        );
                    },
                ),
                { numRuns: 200, seed: 25 },
            );
        });

        it("a one-edit typo of a long key is traced back to it", () => {
            const long = [...PROJECT_KEYS, ...(PROVIDER_KEYS.get("aws") ?? [])].filter(
                (k) => k.length >= 8,
            );
            fc.assert(
                fc.property(
                    fc.constantFrom(...long),
                    fc.nat(),
                    fc.constantFrom("drop", "double", "swap"),
                    (key, at, edit) => {
                        const i = at % (key.length - 1);
                        const typo =
                            edit === "drop"
                                ? key.slice(0, i) + key.slice(i + 1)
                                : edit === "double"
                                  ? key.slice(0, i) + key[i] + key.slice(i)
                                  : key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
                        const known =
                            long.includes(key) && PROJECT_KEYS.includes(key)
                                ? PROJECT_KEYS
                                : (PROVIDER_KEYS.get("aws") ?? []);
                        // An edit that lands on another real key (`httpsProxy` -> `httpProxy`) is no typo.
                        fc.pre(!known.some((k) => foldKey(k) === foldKey(typo)));
                        const meant = closestKey(typo, known);
                        assert.ok(
                            meant !== undefined && foldKey(meant) !== foldKey(typo),
                            `${typo} -> ${meant}`,
                        );
                        assert.ok(
                            meant === key || Math.abs(meant.length - key.length) <= 1,
                            `${typo} -> ${meant}, not ${key}`,
                        );
                    },
                ),
                { numRuns: 200, seed: 43 },
            );
        });
    });
});
