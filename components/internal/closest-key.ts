/**
 * "Did you mean" for config keys: the known key a mistyped one was meant to be. Keys are compared
 * after folding away what does not show on screen or in review: Unicode compatibility forms (NFKC),
 * invisible (default-ignorable) characters, case, dash look-alikes and the Cyrillic and Greek letters
 * that look like Latin ones; then by edit distance (optimal string alignment: a swap of two
 * neighbouring characters is one edit).
 */

/** Cyrillic and Greek letters (lower case, after case folding) that render like a Latin letter. */
const CONFUSABLES = new Map<string, string>([
    ["а", "a"],
    ["в", "b"],
    ["с", "c"],
    ["ԁ", "d"],
    ["е", "e"],
    ["ё", "e"],
    ["һ", "h"],
    ["н", "h"],
    ["і", "i"],
    ["ї", "i"],
    ["ј", "j"],
    ["к", "k"],
    ["м", "m"],
    ["о", "o"],
    ["р", "p"],
    ["ԛ", "q"],
    ["г", "r"],
    ["ѕ", "s"],
    ["т", "t"],
    ["џ", "u"],
    ["ѵ", "v"],
    ["ԝ", "w"],
    ["х", "x"],
    ["у", "y"],
    ["ɡ", "g"],
    ["ı", "i"],
    ["α", "a"],
    ["β", "b"],
    ["ε", "e"],
    ["η", "n"],
    ["ι", "i"],
    ["κ", "k"],
    ["ν", "v"],
    ["ο", "o"],
    ["ρ", "p"],
    ["τ", "t"],
    ["υ", "u"],
    ["χ", "x"],
    ["ω", "w"],
    ["ѡ", "w"],
]);

/** Dashes and minus signs that render like `-`. */
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

/** The form two keys are compared in (NFKC, no invisible characters, case-folded, look-alikes mapped). */
export function foldKey(key: string): string {
    const visible = key
        .normalize("NFKC")
        .replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\s]/gu, "")
        .replace(DASHES, "-")
        .toLowerCase();
    return [...visible].map((c) => CONFUSABLES.get(c) ?? c).join("");
}

/** Optimal string alignment distance between `a` and `b` (by code points). */
export function editDistance(a: string, b: string): number {
    const x = [...a];
    const y = [...b];
    const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
        Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= x.length; i++) {
        for (let j = 1; j <= y.length; j++) {
            const cost = x[i - 1] === y[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[x.length][y.length];
}

/** Keys longer than this are not compared (a key is short; the distance is quadratic). */
const MAX_COMPARED = 200;

/**
 * The known key `key` was most likely meant to be, or undefined when none is close: equal once folded
 * ({@link foldKey}), or within an edit distance of a quarter of the known key's length (at least 1,
 * at most 4). The closest wins; on a tie, the first in `known`.
 */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
    const folded = foldKey(key);
    if ([...folded].length > MAX_COMPARED) {
        return undefined;
    }
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const target = foldKey(candidate);
        const distance = folded === target ? 0 : editDistance(folded, target);
        const limit = Math.min(4, Math.max(1, Math.floor([...target].length / 4)));
        if (distance <= limit && distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
