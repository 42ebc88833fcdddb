/**
 * Text output helpers: colour only on a terminal (and never with NO_COLOR), stable summaries.
 */
const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

const paint = (code: number) => (s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[0m` : s);

export const red = paint(31);
export const yellow = paint(33);
export const green = paint(32);
export const dim = paint(2);
export const bold = paint(1);

/** Colours an enforcement level. */
export function level(l: string): string {
    return l === "mandatory" ? red(l) : l === "advisory" ? yellow(l) : dim(l);
}

/** Counts of `key(item)`, sorted by key. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
    const counts = new Map<string, number>();
    for (const i of items) {
        counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}
