/**
 * Provider key values are checked by the type their provider reads (schemas/provider-values.ts):
 * named cases with their exact messages, generated values against a model of each type, and secret
 * values that never reach a message.
 */
import * as assert from "assert";
import fc from "fast-check";

import { configKeyIssues } from "../../schemas/config-keys";
import { PROVIDER_KEYS } from "../../schemas/provider-keys";
import { PROVIDER_VALUE_TYPES } from "../../schemas/provider-values";

const P = "supply-chain-platform";
const AWS = "(read by the aws provider (@pulumi/aws 7.48.0))";
const K8S = "(read by the kubernetes provider (@pulumi/kubernetes 4.34.2))";
const TLS = "(read by the tls provider (@pulumi/tls 5.6.1))";

function issues(all: Record<string, string>, secretKeys: readonly string[] = []): string[] {
    return configKeyIssues(all, P, ["cluster"], secretKeys);
}

describe("config: provider key values", () => {
    it("types every key each provider reads, and no other", () => {
        for (const [ns, keys] of PROVIDER_KEYS) {
            assert.deepStrictEqual(
                [...(PROVIDER_VALUE_TYPES.get(ns)?.keys() ?? [])].sort(),
                [...keys].sort(),
                ns,
            );
        }
    });

    it("accepts values of the types the providers read", () => {
        assert.deepStrictEqual(
            issues({
                "aws:region": "us-west-2",
                "aws:stsRegion": "us-gov-west-1",
                "aws:skipCredentialsValidation": "true",
                "aws:maxRetries": "5",
                "aws:retryMode": "adaptive",
                "aws:allowedAccountIds": '["111122223333"]',
                "aws:defaultTags": '{"tags":{"team":"platform","cost-centre":"42"}}',
                "aws:ignoreTags": '{"keyPrefixes":["kubernetes.io/"]}',
                "aws:assumeRoles":
                    '[{"roleArn":"arn:aws:iam::111122223333:role/deploy","duration":"1h30m","tags":{"a":"b"}}]',
                "aws:secretKey": "not-checked-by-shape",
                "kubernetes:enableServerSideApply": "false",
                "kubernetes:namespace": "supply-chain",
                "kubernetes:kubeClientSettings": '{"burst":120,"qps":50.5,"timeout":30}',
                "kubernetes:helmReleaseSettings": '{"driver":"secret"}',
                "tls:proxy": '{"fromEnv":true}',
                "pulumi:tags": '{"owner":"platform"}',
                "pulumi:disable-default-providers": '["*"]',
            }),
            [],
        );
    });

    const refused: [string, Record<string, string>, string[]][] = [
        [
            "a yes for a boolean",
            { "aws:skipCredentialsValidation": "yes" },
            [`aws:skipCredentialsValidation must be true or false (a boolean) ${AWS}, got "yes"`],
        ],
        [
            "a capitalised True (Pulumi reads booleans as JSON)",
            { "kubernetes:enableServerSideApply": "True" },
            [
                `kubernetes:enableServerSideApply must be true or false (a boolean) ${K8S}, got "True"`,
            ],
        ],
        [
            "a number in words",
            { "aws:maxRetries": "five" },
            [`aws:maxRetries must be a whole number from 0 to 2147483647 ${AWS}, got "five"`],
        ],
        [
            "a retry mode the SDK does not have",
            { "aws:retryMode": "exponential" },
            [`aws:retryMode must be one of standard, adaptive ${AWS}, got "exponential"`],
        ],
        [
            "a tag value that is a number",
            { "aws:defaultTags": '{"tags":{"team":"platform","cost":42}}' },
            [`aws:defaultTags.tags.cost must be a string ${AWS}, got 42`],
        ],
        [
            "default tags without the tags field",
            { "aws:defaultTags": '{"team":"platform"}' },
            [`aws:defaultTags.team is not a field the provider reads (it reads tags) ${AWS}`],
        ],
        [
            "an account ID as a bare number",
            { "aws:allowedAccountIds": "[111122223333]" },
            [
                `aws:allowedAccountIds[0] must be a 12-digit AWS account ID in quotes ${AWS}, got 111122223333`,
            ],
        ],
        [
            "a region name that is not a code",
            { "aws:stsRegion": "Oregon" },
            [`aws:stsRegion must be an AWS region code like us-west-2 ${AWS}, got "Oregon"`],
        ],
        [
            "an assumed role for 10 minutes (STS takes 15m to 12h)",
            {
                "aws:assumeRoles":
                    '[{"roleArn":"arn:aws:iam::111122223333:role/deploy","duration":"10m"}]',
            },
            [
                `aws:assumeRoles[0].duration must be a duration from 15m to 12h (like 1h or 2h30m) ${AWS}, got "10m"`,
            ],
        ],
        [
            "a namespace with capitals",
            { "kubernetes:namespace": "Supply_Chain" },
            [
                `kubernetes:namespace must be a Kubernetes namespace name (lowercase letters, digits and -, at most 63) ${K8S}, got "Supply_Chain"`,
            ],
        ],
        [
            "a zero QPS",
            { "kubernetes:kubeClientSettings": '{"qps":0}' },
            [`kubernetes:kubeClientSettings.qps must be a number greater than 0 ${K8S}, got 0`],
        ],
        [
            "a tls proxy password of the wrong type (the value holds a password: never shown)",
            { "tls:proxy": '{"url":"http://proxy:3128","password":12345678}' },
            [`tls:proxy.password must be a string ${TLS}, got a secret value (not shown)`],
        ],
        [
            "a web identity token of the wrong type (never shown)",
            { "aws:assumeRoleWithWebIdentity": '{"webIdentityToken":["eyJhbGciOi"]}' },
            [
                `aws:assumeRoleWithWebIdentity.webIdentityToken must be a string ${AWS}, got a secret value (not shown)`,
            ],
        ],
    ];
    for (const [name, all, want] of refused) {
        it(`refuses ${name}`, () => {
            assert.deepStrictEqual(issues(all), want);
        });
    }

    it("does not print a value set as a secret", () => {
        assert.deepStrictEqual(issues({ "aws:maxRetries": "hunter2" }, ["aws:maxRetries"]), [
            `aws:maxRetries must be a whole number from 0 to 2147483647 ${AWS}, got a secret value (not shown)`,
        ]);
    });

    it("accepts a generated boolean value exactly when it is JSON true or false", () => {
        const booleans = [...(PROVIDER_KEYS.get("kubernetes") ?? [])].filter((k) =>
            /^(always|delete|enable|skip|suppress|upsert)/.test(k),
        );
        fc.assert(
            fc.property(
                fc.constantFrom(
                    ...booleans.map((k) => `kubernetes:${k}`),
                    "aws:insecure",
                    "aws:useFipsEndpoint",
                ),
                fc.oneof(
                    fc.constantFrom("true", "false", " true", "TRUE", "1", "yes", "on"),
                    fc.string(),
                ),
                (key, value) => {
                    let model = false;
                    try {
                        model = typeof JSON.parse(value) === "boolean";
                    } catch {
                        model = false;
                    }
                    assert.strictEqual(
                        issues({ [key]: value }).length === 0,
                        model,
                        `${key}=${value}`,
                    );
                },
            ),
        );
    });

    it("never prints a generated value of a credential key", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("tls:proxy", "aws:assumeRoleWithWebIdentity"),
                fc.string({ minLength: 8, maxLength: 40 }).filter((s) => /^[A-Za-z0-9]+$/.test(s)),
                fc.constantFrom(
                    (s: string) => JSON.stringify({ password: [s] }),
                    (s: string) => JSON.stringify({ webIdentityToken: { t: s } }),
                    (s: string) => JSON.stringify([s]),
                    (s: string) => s,
                ),
                (key, secret, shape) => {
                    for (const line of issues({ [key]: shape(secret) })) {
                        assert.ok(!line.includes(secret), line);
                    }
                },
            ),
        );
    });

    it("accepts a generated whole number for a count key exactly when it is in range", () => {
        fc.assert(
            fc.property(
                fc.oneof(fc.integer({ min: -5, max: 2 ** 31 + 5 }).map(String), fc.string()),
                (v) => {
                    let n: unknown;
                    try {
                        n = JSON.parse(v);
                    } catch {
                        n = undefined;
                    }
                    const model =
                        typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 2 ** 31 - 1;
                    assert.strictEqual(issues({ "aws:maxRetries": v }).length === 0, model, v);
                },
            ),
        );
    });
});
