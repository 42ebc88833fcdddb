/**
 * IAM's wildcard patterns as sets of strings. In an `Action` or `Resource` element, `*` matches any run
 * of characters (colons and slashes included) and `?` any one character; action names are
 * case-insensitive, resource ARNs are not.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */

/** Options of a comparison. */
export interface PatternOptions {
    /** Compare letters without case (action names). @default false */
    readonly ignoreCase?: boolean;
}

const fold = (s: string, o: PatternOptions) => (o.ignoreCase ? s.toLowerCase() : s);

/**
 * True when some string matches both patterns `a` and `b` (each with `*` and `?`): whether a statement
 * written as `a` can grant an action or resource that `b` names. Time and memory O(|a|·|b|), no
 * backtracking, whatever the patterns.
 */
export function patternsIntersect(a: string, b: string, options: PatternOptions = {}): boolean {
    const x = fold(a, options);
    const y = fold(b, options);
    const n = x.length;
    const m = y.length;
    // reach[i][j]: the rest x[i..] and y[j..] have a common string. Filled from the ends backwards.
    const reach: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1));
    for (let i = n; i >= 0; i--) {
        for (let j = m; j >= 0; j--) {
            const cx = x[i];
            const cy = y[j];
            let ok = i === n && j === m;
            if (!ok && cx === "*") {
                // `*` matches nothing here, or the one character y[j] can produce.
                ok = reach[i + 1][j] || (j < m && reach[i][j + 1]);
            }
            if (!ok && cy === "*") {
                ok = reach[i][j + 1] || (i < n && reach[i + 1][j]);
            }
            if (!ok && i < n && j < m && cx !== "*" && cy !== "*") {
                ok = (cx === "?" || cy === "?" || cx === cy) && reach[i + 1][j + 1];
            }
            reach[i][j] = ok;
        }
    }
    return reach[0][0];
}

/** The literal text of `pattern` before its first wildcard. */
export function literalPrefix(pattern: string): string {
    const at = pattern.search(/[*?]/);
    return at < 0 ? pattern : pattern.slice(0, at);
}

/** True when `pattern` contains a wildcard. */
export function hasWildcard(pattern: string): boolean {
    return /[*?]/.test(pattern);
}

/**
 * True when every string `pattern` matches starts with `prefix`: the pattern stays inside the space
 * the prefix names (`secret:team/order/*` inside `secret:team/order/`).
 */
export function patternWithin(
    pattern: string,
    prefix: string,
    options: PatternOptions = {},
): boolean {
    return fold(literalPrefix(pattern), options).startsWith(fold(prefix, options));
}
