/**
 * What counts as a written reason for an exception: words a reviewer can read. Spaces, control and
 * format characters, and the code points Unicode marks as default-ignorable (zero-width spaces and
 * joiners, variation selectors, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0) draw nothing, and
 * neither does the blank Braille pattern U+2800; a reason made of them, or of one word repeated, is none.
 *
 * @see https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point
 */

/** Fewest visible characters a reason has. */
export const REASON_MIN_VISIBLE = 20;
/** Fewest distinct words (two letters or more) a reason has. */
export const REASON_MIN_WORDS = 3;

const INVISIBLE = /[\p{White_Space}\p{C}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu;
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]+/gu;

/** Characters of `text` that draw something. */
export function visibleLength(text: string): number {
    return [...text.replace(INVISIBLE, "")].length;
}

/** Why `text` is not a reason, or undefined when it is one. */
export function reasonProblem(text: string): string | undefined {
    const visible = visibleLength(text);
    const words = new Set(
        (text.replace(IGNORABLE, "").match(WORD) ?? []).map((w) => w.toLowerCase()),
    );
    if (visible < REASON_MIN_VISIBLE || words.size < REASON_MIN_WORDS) {
        return `must explain the exception in words (at least ${REASON_MIN_VISIBLE} visible characters and ${REASON_MIN_WORDS} different words; spaces and invisible characters do not count), got ${visible} visible characters and ${words.size} different words`;
    }
    return undefined;
}
