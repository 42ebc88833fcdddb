/**
 * Secrets in plain config. Every value of the stack's config lands in Pulumi state, and a
 * `services.<name>.config` entry in a ConfigMap too, in plain text. A value shaped like a credential
 * anywhere in the config, and a `config` entry whose name says secret (in any case or separator
 * style), is refused with a pointer to Secrets Manager. The value is never printed. Shapes and names:
 * lib/text/credentials.ts (linear time whatever the value).
 */
import { z } from "zod";

import { Redacted } from "../components/internal/config-errors";
import { credentialShape, secretName } from "../lib/text/credentials";

/**
 * Issues for every string in `raw` (the stack's project keys, before validation) shaped like a
 * credential, at its key path. Map keys are walked as data (own keys only).
 */
export function credentialIssues(raw: unknown): z.core.$ZodIssue[] {
    const issues: z.core.$ZodIssue[] = [];
    const walk = (value: unknown, path: PropertyKey[]) => {
        if (typeof value === "string") {
            const shape = credentialShape(value);
            const [top, service, key] = path;
            const message =
                top === "services" && key === "config" && path.length === 4
                    ? `looks like a secret (its value is ${shape}): config values land in a ConfigMap in plain text; move it to services.${String(service)}.secrets (a Secrets Manager reference)`
                    : `looks like a credential (${shape}): the stack's config is stored in plain text in Pulumi state; keep it in AWS Secrets Manager and reference it (services.<name>.secrets), or use a non-secret value`;
            if (shape) {
                issues.push({ code: "custom", path, message, input: new Redacted(value) });
            }
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, [...path, i]));
        } else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) {
                walk(v, [...path, k]);
            }
        }
    };
    walk(raw, []);
    return issues;
}

/**
 * Refuses `config` entries of one service whose name says secret (the values themselves are checked
 * with the rest of the config by {@link credentialIssues}).
 */
export function checkPlainConfig(
    service: string,
    config: Record<string, string>,
    ctx: z.RefinementCtx,
): void {
    for (const [key, value] of Object.entries(config)) {
        const byName = secretName(key);
        if (byName && credentialShape(value) === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["services", service, "config", key],
                message: `looks like a secret (its name says ${byName}): config values land in a ConfigMap in plain text; move it to services.${service}.secrets (a Secrets Manager reference)`,
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
