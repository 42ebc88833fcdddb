/**
 * IAM by meaning: every spelling IAM reads as a privilege-escalation action is found, whatever its case
 * and wildcards; reads stay allowed; wide resources are named. The config schema and the pack call the
 * same functions, so the pack's findings are checked over the same generated spellings.
 */
import * as assert from "assert";
import fc from "fast-check";

import {
    ESCALATION_FAMILIES,
    escalationMatch,
    wideResource,
    wildcardAction,
} from "../../../lib/aws/iam";
import { wildcardFindings } from "../../../policies/aws/disallowIamWildcardActions";

/** A spelling of `action` that IAM still matches to it: any case, some letters `?`, some runs `*`. */
function spelling(action: string): fc.Arbitrary<string> {
    const [service, name] = action.split(":");
    return fc
        .tuple(
            fc.array(fc.boolean(), { minLength: action.length, maxLength: action.length }),
            fc.array(fc.constantFrom("keep", "?", "*"), {
                minLength: name.length,
                maxLength: name.length,
            }),
        )
        .map(([upper, marks]) => {
            const cased = [...action].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()));
            const svc = cased.slice(0, service.length).join("");
            const chars = cased.slice(service.length + 1);
            let out = "";
            for (let i = 0; i < chars.length; i++) {
                const mark = marks[i];
                if (mark === "keep") {
                    out += chars[i];
                } else if (mark === "?") {
                    out += "?";
                } else if (!out.endsWith("*")) {
                    out += "*";
                }
            }
            return `${svc}:${out}`;
        });
}

const examples = ESCALATION_FAMILIES.flatMap((f) => f.examples);
const READS = [
    "iam:GetRole",
    "iam:ListRoles",
    "iam:GenerateCredentialReport",
    "iam:SimulatePrincipalPolicy",
    "sts:GetCallerIdentity",
    "s3:GetObject",
    "s3:PutObject",
    "sqs:SendMessage",
    "sqs:ReceiveMessage",
    "kms:Decrypt",
    "secretsmanager:GetSecretValue",
    "eks:DescribeCluster",
    "dynamodb:Query",
    "ssm:GetParameter",
    "iam:CreateServiceLinkedRole",
];

describe("IAM actions by meaning", () => {
    it("finds every generated spelling of every escalation action, in the config rule and the pack", () => {
        fc.assert(
            fc.property(
                fc.constantFrom(...examples).chain((a) => spelling(a).map((s) => [a, s] as const)),
                ([action, written]) => {
                    assert.ok(
                        escalationMatch(written) ?? wildcardAction(written),
                        `${written} (${action})`,
                    );
                    const doc = {
                        Statement: [{ Effect: "Allow", Action: written, Resource: "*" }],
                    };
                    assert.strictEqual(wildcardFindings(doc, []).length, 1, written);
                },
            ),
            { numRuns: 500, seed: 25 },
        );
    });

    it("leaves reads and other non-escalating actions alone, in any case", () => {
        fc.assert(
            fc.property(
                fc.constantFrom(...READS),
                fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
                (action, upper) => {
                    const written = [...action]
                        .map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()))
                        .join("");
                    assert.strictEqual(escalationMatch(written), undefined, written);
                    assert.strictEqual(wildcardAction(written), undefined, written);
                },
            ),
            { numRuns: 300, seed: 3 },
        );
        for (const scoped of [
            "iam:Get*",
            "iam:List*",
            "s3:Get*",
            "sqs:Send*",
            "kms:Decrypt",
            "i*:G*",
        ]) {
            assert.strictEqual(escalationMatch(scoped), undefined, scoped);
        }
    });

    it("names the real action a wildcard can reach", () => {
        assert.deepStrictEqual(
            [
                "iam:*Policy",
                "*Role",
                "IAM:passrole",
                "iam:?ass*",
                "eks:Create*",
                "kms:*Grant",
                "*:Get*",
            ].map((a) => escalationMatch(a)?.pattern),
            [
                "iam:AttachRolePolicy",
                "iam:PassRole",
                "iam:PassRole",
                "iam:PassRole",
                "eks:CreateAccessEntry",
                "kms:CreateGrant",
                "sts:GetFederationToken",
            ],
        );
    });

    it("reads an action part of wildcards only, or a wildcard service, as no action named", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("s3", "sqs", "IAM", "kms"),
                fc.array(fc.constantFrom("*", "?"), { minLength: 1, maxLength: 4 }),
                (service, marks) => {
                    const name = marks.includes("*") ? marks.join("") : `${marks.join("")}*`;
                    assert.strictEqual(
                        wildcardAction(`${service}:${name}`),
                        `every ${service.toLowerCase()} action`,
                    );
                },
            ),
            { numRuns: 100, seed: 5 },
        );
        assert.strictEqual(wildcardAction("*"), "every action of every service");
        assert.strictEqual(
            wildcardAction("s*:GetObject"),
            'actions of every service matching "s*"',
        );
        assert.strictEqual(wildcardAction("*Object"), "actions of any service (no service prefix)");
        assert.strictEqual(wildcardAction("s3:Get*"), undefined);
    });
});

describe("IAM resources by meaning", () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/);
    const wild = fc.constantFrom("*", "?", "?*");

    it("refuses a wildcard anywhere in a bucket name or key id, and a name made of wildcards", () => {
        fc.assert(
            fc.property(name, wild, fc.nat(20), (n, w, at) => {
                const cut = Math.min(at, n.length);
                const bucket = n.slice(0, cut) + w + n.slice(cut);
                assert.ok(wideResource(`arn:aws:s3:::${bucket}`), bucket);
                assert.ok(wideResource(`arn:aws:s3:::${bucket}/reports/*`), bucket);
                assert.ok(wideResource(`arn:aws:kms:us-west-2:111122223333:key/${bucket}`), bucket);
                for (const type of ["secret:", "table/", "role/", "repository/", "log-group:"]) {
                    const service = {
                        "secret:": "secretsmanager",
                        "table/": "dynamodb",
                        "role/": "iam",
                        "repository/": "ecr",
                        "log-group:": "logs",
                    }[type];
                    assert.ok(
                        wideResource(`arn:aws:${service}:us-west-2:111122223333:${type}${w}`),
                        type,
                    );
                }
            }),
            { numRuns: 200, seed: 11 },
        );
    });

    it("refuses wildcards in partition, service or account, and accepts named resources", () => {
        fc.assert(
            fc.property(name, wild, (n, w) => {
                assert.strictEqual(
                    wideResource(`arn:aws:sqs:us-west-2:${w}:${n}`),
                    "resources in any account",
                );
                assert.strictEqual(
                    wideResource(`arn:${w}:sqs:us-west-2:111122223333:${n}`),
                    "resources of every service",
                );
                assert.strictEqual(
                    wideResource(`arn:aws:s${w}:us-west-2:111122223333:${n}`),
                    "resources of every service",
                );
                assert.strictEqual(wideResource(`arn:aws:s3:::${n}/*`), undefined);
                assert.strictEqual(
                    wideResource(`arn:aws:sqs:us-west-2:111122223333:${n}`),
                    undefined,
                );
                assert.strictEqual(
                    wideResource(`arn:aws:sqs:us-west-2:111122223333:${n}-*`),
                    undefined,
                );
                assert.strictEqual(
                    wideResource(
                        `arn:aws:secretsmanager:us-west-2:111122223333:secret:${n}/order/*`,
                    ),
                    undefined,
                );
            }),
            { numRuns: 200, seed: 13 },
        );
    });
});
