/**
 * Keys a JavaScript object cannot hold as data. Every map of this config is parsed into a plain
 * object, and assigning `__proto__` to a plain object replaces its prototype instead of adding a key
 * (ECMA-262 B.2.2.1, `Object.prototype.__proto__`'s setter): the parsed config would silently lose the
 * key and everything under it (a whole service). `JSON.parse` (how the Pulumi CLI hands structured
 * config to the program) keeps it as an own key, so it arrives; no key of any map here may be named so
 * (service names, environment variable names and label keys all exclude it), so it is refused wherever
 * it appears. Every other name (`constructor`, `toString`, `valueOf`...) is plain data: see
 * lib/records.ts.
 */
import { z } from "zod";

/** The one own-key name a plain-object assignment drops. */
export const PROTOTYPE_KEY = "__proto__";

/** An issue for every `__proto__` key in `raw` (own keys only), at its key path. */
export function prototypeKeyIssues(raw: unknown): z.core.$ZodIssue[] {
    const issues: z.core.$ZodIssue[] = [];
    const walk = (value: unknown, path: PropertyKey[]) => {
        if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, [...path, i]));
        } else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) {
                if (k === PROTOTYPE_KEY) {
                    issues.push({
                        code: "custom",
                        path: [...path, k],
                        message:
                            "is not a valid key: no key of this config is named __proto__, and a JavaScript object would silently drop it with everything under it",
                        input: k,
                    });
                    continue;
                }
                walk(v, [...path, k]);
            }
        }
    };
    walk(raw, []);
    return issues;
}
