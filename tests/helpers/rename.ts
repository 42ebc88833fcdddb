/**
 * Renames user-chosen names through a whole stack config: every map key and every string value that
 * equals a name is replaced (a service's key, the callers lists naming it, its mesh entry and rules, a
 * node group's key and the ML workloads placed on it). Images, hosts and paths only contain names,
 * never equal them, so they stay as they are.
 */
import { PROJECT } from "../../config";
import type { StackConfig } from "../../tools/offline/stack-config";

/** `value` with every key and string equal to a key of `names` replaced by its value there. */
export function renamed(value: unknown, names: ReadonlyMap<string, string>): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => renamed(v, names));
    }
    if (typeof value === "string") {
        return names.get(value) ?? value;
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [names.get(k) ?? k, renamed(v, names)]),
        );
    }
    return value;
}

/** A copy of `stack` whose project keys have `names` renamed (see {@link renamed}). */
export function withRenamedNames(
    stack: StackConfig,
    names: ReadonlyMap<string, string>,
): StackConfig {
    const config = Object.fromEntries(
        Object.entries(stack.config).map(([key, text]) => {
            if (!key.startsWith(`${PROJECT}:`) || !/^\s*[[{]/.test(text)) {
                return [key, text];
            }
            return [key, JSON.stringify(renamed(JSON.parse(text), names))];
        }),
    );
    return { ...stack, config };
}
