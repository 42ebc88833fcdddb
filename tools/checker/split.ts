/**
 * Splits a YAML stream into its documents at `---` lines, without parsing: YAML forbids a line that
 * starts with `---` or `...` followed by a space, a tab or a line break inside any content
 * (`c-forbidden`, spec 1.2.2 section 9.1.4), so such a line always separates documents. Streams this
 * simple reading cannot mirror `yaml` on are refused (`undefined`): directives (`%YAML`, `%TAG`,
 * whose scope spans documents), document end markers (`...`, which open and close documents in ways
 * the counting here does not follow), a byte order mark and lone carriage returns (line breaks the
 * offsets here do not count).
 *
 * @see https://yaml.org/spec/1.2.2/#914-explicit-documents
 */

/** One document: `[start, end)` offsets in the stream (from its `---` when it has one). */
export interface DocumentSlice {
    readonly start: number;
    readonly end: number;
    /** Offset of the document's first content character, or `undefined` when it holds none. */
    readonly contentStart: number | undefined;
}

const REFUSED = /^(?:%|\.\.\.(?:[ \t\r\n]|$))|\r(?!\n)|\uFEFF/m;
const MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** The first content character at or after `from` (comments and blank space skipped). */
function firstContent(text: string, from: number, end: number): number | undefined {
    let i = from;
    while (i < end) {
        const c = text.charCodeAt(i);
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
            i++;
        } else if (c === 0x23) {
            const eol = text.indexOf("\n", i);
            i = eol === -1 ? end : eol + 1;
        } else {
            return i;
        }
    }
    return undefined;
}

/**
 * The documents of `text` in the order and with the numbering `yaml`'s `parseAllDocuments` gives
 * them (a leading part with no content before the first `---` is no document), or `undefined`.
 */
export function splitDocuments(text: string): DocumentSlice[] | undefined {
    if (REFUSED.test(text)) {
        return undefined;
    }
    const markers = [...text.matchAll(MARKER)].map((m) => m.index);
    const docs: DocumentSlice[] = [];
    const head = markers.length > 0 ? markers[0] : text.length;
    const headContent = firstContent(text, 0, head);
    if (headContent !== undefined) {
        docs.push({ start: 0, end: head, contentStart: headContent });
    }
    markers.forEach((start, k) => {
        const end = k + 1 < markers.length ? markers[k + 1] : text.length;
        docs.push({ start, end, contentStart: firstContent(text, start + 3, end) });
    });
    return docs;
}
