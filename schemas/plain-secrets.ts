/**
 * Secrets in plain config: a `services.<name>.config` entry lands in a ConfigMap, in plain text in the
 * cluster and in Pulumi state. Entries whose name says secret, or whose value looks like a credential,
 * are refused with a pointer to `services.<name>.secrets` (a Secrets Manager reference). The value is
 * never printed.
 */
import { z } from "zod";

import { Redacted } from "../components/internal/config-errors";

/** Name parts (split at `_`) that mark a secret. */
const SECRET_WORDS = [
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "CREDENTIAL",
    "CREDENTIALS",
    "APIKEY",
];
/** Consecutive name parts that mark a secret. */
const SECRET_PAIRS = [
    "API_KEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "SECRET_KEY",
    "SIGNING_KEY",
    "ENCRYPTION_KEY",
    "CONNECTION_STRING",
];

/** Why the name `key` looks secret, or undefined. */
export function secretName(key: string): string | undefined {
    const parts = key.toUpperCase().split("_");
    const word = parts.find((p) => SECRET_WORDS.includes(p));
    if (word) {
        return word;
    }
    return SECRET_PAIRS.find((pair) => `_${key.toUpperCase()}_`.includes(`_${pair}_`));
}

/** Credential shapes, each with what it is. */
const SECRET_VALUES: readonly [RegExp, string][] = [
    [/-----BEGIN [A-Z ]*-----/, "a PEM block"],
    [/\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/, "an AWS access key id"],
    [/^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9/+]{40}$/, "an AWS secret access key"],
    [/\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/, "a JSON Web Token"],
    [/^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "a URL with a password"],
    [/(^|[;&?\s])(password|pwd)=[^;&\s]+/i, "a connection string with a password"],
];

/** What credential `value` looks like, or undefined. */
export function secretValue(value: string): string | undefined {
    return SECRET_VALUES.find(([re]) => re.test(value))?.[1];
}

/** Refuses secret-looking entries of one service's `config` map. */
export function checkPlainConfig(
    service: string,
    config: Record<string, string>,
    ctx: z.RefinementCtx,
): void {
    for (const [key, value] of Object.entries(config)) {
        const byName = secretName(key);
        const byValue = secretValue(value);
        if (byName || byValue) {
            ctx.addIssue({
                code: "custom",
                path: ["services", service, "config", key],
                message: `looks like a secret (${byName ? `its name says ${byName}` : `its value is ${byValue}`}): config values land in a ConfigMap in plain text; move it to services.${service}.secrets (a Secrets Manager reference)`,
                input: new Redacted(value),
            });
        }
    }
}

/**
 * A Secrets Manager JSON key (`secrets.<ENV>.property`): letters, digits, `_`, `.` and `-` only (External
 * Secrets reads it as a JSON path; no spaces, newlines or shell syntax).
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export const secretProperty = z
    .string()
    .regex(
        /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
        "must be a JSON key of the secret: 1 to 128 of A-Z, a-z, 0-9, '_', '.', '-' (no spaces, newlines or shell syntax)",
    );

/**
 * A secret name under the service's own path (`secrets.<ENV>.key`): the characters Secrets Manager
 * allows in a name, without `/`.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
export const secretKey = z
    .string()
    .regex(
        /^[A-Za-z0-9_+=.@-]{1,256}$/,
        "must be a secret name under the service's own path: 1 to 256 of A-Z, a-z, 0-9 and _+=.@- (no /, spaces, newlines or shell syntax)",
    );
