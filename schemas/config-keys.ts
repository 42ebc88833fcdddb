/**
 * Every stack key is accounted for: a key outside the project's namespace must be one its namespace's
 * reader takes ({@link PROVIDER_KEYS}); anything else is read by nothing and is refused, naming the key
 * that was meant. The project's own keys are checked by the schema (an unknown one is an
 * `unrecognized_keys` issue, with the same "did you mean").
 */
import { closestKey } from "../components/internal/closest-key";
import { describeShape, safeText } from "../components/internal/config-errors";
import { NAMESPACE_READER, PROVIDER_KEYS } from "./provider-keys";
import { providerValueIssues } from "./provider-values";

/** The shape of a flat config value as the program receives it (objects arrive as JSON). */
function shapeOf(value: string, secret: boolean): string {
    if (secret) {
        return "a secret value (not shown)";
    }
    if (/^\s*[[{]/.test(value)) {
        try {
            return describeShape(JSON.parse(value));
        } catch {
            // text that only looks like JSON
        }
    }
    return describeShape(value);
}

/**
 * One message per key of `all` (full keys, `namespace:name`) that nothing reads.
 *
 * @param project the project's namespace; its keys are left to the schema.
 * @param projectKeys the project's top-level keys, for "did you mean" across a mistyped namespace.
 * @param secretKeys keys whose values are secret (their shape is not described either).
 */
export function configKeyIssues(
    all: Readonly<Record<string, string>>,
    project: string,
    projectKeys: readonly string[],
    secretKeys: readonly string[] = [],
): string[] {
    const issues: string[] = [];
    const namespaces = [project, ...PROVIDER_KEYS.keys()];
    for (const [key, value] of Object.entries(all)) {
        const colon = key.indexOf(":");
        const namespace = colon < 0 ? "" : key.slice(0, colon);
        const name = key.slice(colon + 1);
        if (namespace === project) {
            continue;
        }
        const got = `, got ${shapeOf(value, secretKeys.includes(key))}`;
        const known = PROVIDER_KEYS.get(namespace);
        if (known !== undefined) {
            const reader = NAMESPACE_READER.get(namespace) ?? namespace;
            if (known.includes(name)) {
                issues.push(
                    ...providerValueIssues(
                        namespace,
                        name,
                        value,
                        secretKeys.includes(key),
                        reader,
                    ),
                );
                continue;
            }
            const meant = closestKey(name, known);
            const hint =
                meant !== undefined
                    ? `did you mean ${namespace}:${meant}?`
                    : known.length === 0
                      ? "it reads no config keys"
                      : `it reads ${known.join(", ")}`;
            issues.push(`${safeText(key)} is not a key ${reader} reads (${hint})${got}`);
            continue;
        }
        const meantNamespace = closestKey(namespace, namespaces);
        if (meantNamespace === undefined) {
            issues.push(
                `${safeText(key)} is in a namespace nothing reads (this program reads ${project}:*, its providers ${[...PROVIDER_KEYS.keys()].map((n) => `${n}:*`).join(", ")})${got}`,
            );
            continue;
        }
        const names =
            meantNamespace === project ? projectKeys : (PROVIDER_KEYS.get(meantNamespace) ?? []);
        const meantName = closestKey(name, names) ?? safeText(name);
        issues.push(
            `${safeText(key)} is in a namespace nothing reads (did you mean ${meantNamespace}:${meantName}?)${got}`,
        );
    }
    return issues;
}
