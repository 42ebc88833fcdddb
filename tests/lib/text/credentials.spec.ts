/**
 * Credentials by shape: secret names in any style, provider tokens and credentials in URLs inside any
 * text, high-entropy strings; ordinary config values pass. Generated inputs throughout.
 */
import * as assert from "assert";
import fc from "fast-check";

import { credentialShape, nameWords, secretName } from "../../../lib/text/credentials";

const STYLES: readonly ((words: string[]) => string)[] = [
    (w) => w.map((x) => x.toUpperCase()).join("_"),
    (w) => w.map((x) => x.toLowerCase()).join("-"),
    (w) => w.map((x) => x.toLowerCase()).join("."),
    (w) =>
        w
            .map((x, i) =>
                i === 0 ? x.toLowerCase() : x[0].toUpperCase() + x.slice(1).toLowerCase(),
            )
            .join(""),
    (w) => w.map((x) => x[0].toUpperCase() + x.slice(1).toLowerCase()).join(""),
];
const word = fc.stringMatching(/^[a-z]{2,8}$/).filter((w) => secretName(w) === undefined);
const SECRET_PARTS = [
    ["password"],
    ["db", "pass"],
    ["api", "key"],
    ["client", "secret"],
    ["auth", "token"],
    ["private", "key"],
    ["access", "key"],
    ["credentials"],
    ["passphrase"],
];

/** Random characters of `alphabet`, `n` of them. */
const chars = (alphabet: string, n: number) =>
    fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((a) => a.join(""));
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_NUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567";

const TOKENS: readonly [fc.Arbitrary<string>, string][] = [
    [chars(UPPER_NUM, 16).map((s) => `AKIA${s}`), "an AWS access key id"],
    [chars(ALNUM, 36).map((s) => `ghp_${s}`), "a GitHub token"],
    [chars(ALNUM, 24).map((s) => `xoxb-${s}`), "a Slack token"],
    [chars(ALNUM, 24).map((s) => `sk_live_${s}`), "a Stripe key"],
    [chars(ALNUM, 35).map((s) => `AIza${s}`), "a Google API key"],
    [chars(ALNUM, 36).map((s) => `npm_${s}`), "an npm token"],
    [chars(ALNUM, 30).map((s) => `glpat-${s}`), "a GitLab token"],
];

describe("credentials by shape", () => {
    it("finds a secret word in a generated name of any style", () => {
        fc.assert(
            fc.property(
                fc.array(word, { maxLength: 2 }),
                fc.constantFrom(...SECRET_PARTS),
                fc.array(word, { maxLength: 2 }),
                fc.constantFrom(...STYLES),
                (before, secret, after, style) => {
                    const name = style([...before, ...secret, ...after]);
                    assert.ok(secretName(name), name);
                },
            ),
            { numRuns: 400, seed: 23 },
        );
    });

    it("splits names in every style into the same words", () => {
        assert.deepStrictEqual(
            [
                "dbPassword",
                "DB_PASSWORD",
                "db-password",
                "db.password",
                "DbPassword",
                "HTTPPassword",
            ].map(nameWords),
            [
                ["DB", "PASSWORD"],
                ["DB", "PASSWORD"],
                ["DB", "PASSWORD"],
                ["DB", "PASSWORD"],
                ["DB", "PASSWORD"],
                ["HTTP", "PASSWORD"],
            ],
        );
        for (const plain of [
            "LOG_LEVEL",
            "TOKENIZER_MODEL",
            "MAX_TOKENS_PER_BATCH",
            "timeoutMs",
            "KEYSPACE",
            "PASSTHROUGH_MODE",
            "secretsPrefix".replace("secrets", "cache"),
        ]) {
            assert.strictEqual(
                secretName(plain),
                plain === "MAX_TOKENS_PER_BATCH" ? "TOKENS" : undefined,
                plain,
            );
        }
    });

    it("finds a provider token anywhere in generated text", () => {
        fc.assert(
            fc.property(
                fc
                    .constantFrom(...TOKENS)
                    .chain(([gen, what]) => gen.map((t) => [t, what] as const)),
                fc.constantFrom("", "value: ", "x ", "a,b,"),
                fc.constantFrom("", " end", ";", "\n"),
                ([token, what], pre, post) => {
                    assert.strictEqual(credentialShape(`${pre}${token}${post}`), what);
                },
            ),
            { numRuns: 300, seed: 29 },
        );
    });

    it("finds credentials in URLs, webhooks, connection strings and headers", () => {
        fc.assert(
            fc.property(
                fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
                fc.stringMatching(/^[A-Za-z0-9!*%]{1,12}$/),
                fc.constantFrom("postgres", "redis", "https", "amqp", "mongodb+srv"),
                (user, password, scheme) => {
                    assert.strictEqual(
                        credentialShape(`${scheme}://${user}:${password}@db.internal:5432/app`),
                        "a URL with a password",
                    );
                    assert.strictEqual(
                        credentialShape(`Host=db;Username=${user};Password=${password};`),
                        "a connection string with a password",
                    );
                },
            ),
            { numRuns: 200, seed: 31 },
        );
        assert.strictEqual(
            credentialShape("https://hooks.slack.com/services/T0/B0/abc"),
            "a webhook URL (its path is the credential)",
        );
        assert.strictEqual(
            credentialShape("https://api.example.com/x?api_key=abc"),
            "a URL with a credential in its query",
        );
        assert.strictEqual(
            credentialShape("Authorization: Bearer abcdefghijklmnopqrst"),
            "an Authorization header value",
        );
        assert.strictEqual(credentialShape("-----BEGIN OPENSSH PRIVATE KEY-----"), "a PEM block");
    });

    it("finds long random strings by entropy", () => {
        fc.assert(
            fc.property(
                chars(ALNUM, 32).filter(
                    (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s),
                ),
                (s) => {
                    assert.strictEqual(
                        credentialShape(`key material ${s}`),
                        "a long random-looking string",
                    );
                },
            ),
            { numRuns: 200, seed: 37 },
        );
    });

    it("passes ordinary config values", () => {
        for (const value of [
            "444455556666.dkr.ecr.us-west-2.amazonaws.com/supply-chain/order-service:v2.3.1",
            "registry.example.com/app@sha256:" + "0123456789abcdef".repeat(4),
            "arn:aws:sqs:us-west-2:444455556666:supply-chain-staging-orders",
            "arn:aws:acm:us-west-2:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
            "https://api.internal/orders?page=2&sort=asc",
            "s3://models/demand-forecast/v2/Model-2026-11-30",
            "INFO",
            "30s",
            "Bestellungen für Zürich – 配送",
            "password=${DB_PASSWORD}",
            "secretsmanager:GetSecretValue",
        ]) {
            assert.strictEqual(credentialShape(value), undefined, value);
        }
    });

    it("reads megabyte values built to make backtracking expressions explode", () => {
        const mega = 1 << 20;
        for (const unit of ["eyJ", "a:", "://", "a=", "A", "a ", "x://a:", "bearer ", "-----"]) {
            const value = unit.repeat(Math.ceil(mega / unit.length)).slice(0, mega);
            credentialShape(value);
            secretName(value);
        }
    });
});
