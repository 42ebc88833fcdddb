/**
 * Secret values as the mocks record them: wrapped in Pulumi's secret signature. They are redacted
 * before anything is printed, rendered or sent to the policy pack.
 */

/** Pulumi's wire signature key and value marking a secret. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What a secret value is replaced with in every rendered or printed form. */
export const REDACTED = "[secret]";

/** True when `value` is a secret wrapped in Pulumi's signature. */
export function isSecretValue(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
    );
}

/** Deep copy of `value` with every secret replaced by {@link REDACTED}. */
export function redactSecrets<T>(value: T): T {
    if (isSecretValue(value)) {
        return REDACTED as T;
    }
    if (Array.isArray(value)) {
        return value.map(redactSecrets) as T;
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, redactSecrets(v)]),
        ) as T;
    }
    return value;
}
