/**
 * Maps a field path of an object to the line and column where that field is written, with the `yaml`
 * library's source ranges (every node's `range` starts at its first character) and a line index of
 * the file. A path that goes further than the file (a missing field) stops at the deepest part that
 * exists: a missing `resources.limits.cpu` points at the container that lacks it.
 *
 * Only documents with findings are composed again (from their slice of the file), so a clean run
 * never keeps node trees around.
 *
 * @see https://eemeli.org/yaml/#parsing-yaml (Document, LineCounter; yaml 2.x)
 */
import { Document, isAlias, isMap, isNode, isScalar, isSeq, parseDocument } from "yaml";

/** Keys and list indexes from an object's root to one of its fields. */
export type FieldPath = readonly (string | number)[];

/** A 1-based position (columns in UTF-16 code units, SARIF's default `columnKind`). */
export interface Position {
    readonly line: number;
    readonly column: number;
}

/** Offsets where each line of a text starts, to turn offsets into positions. */
export class LineIndex {
    private readonly starts: number[] = [0];

    constructor(text: string) {
        for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
            this.starts.push(i + 1);
        }
    }

    /** The position of `offset`. */
    public position(offset: number): Position {
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return { line: lo + 1, column: offset - this.starts[lo] + 1 };
    }
}

/**
 * A function giving, for a field path, the offset of the deepest part of it written in the document
 * `text.slice(range[0], range[1])` (the key of a map entry, the first character of a list item), or
 * the document's start. The document is composed once, on the first call.
 */
export function documentLocator(
    text: string,
    range: readonly [number, number],
): (path: FieldPath) => number {
    let doc: Document | undefined;
    return (path) => {
        doc ??= parseDocument(text.slice(range[0], range[1]));
        let node: unknown = doc.contents;
        let offset = isNode(node) && node.range ? node.range[0] : 0;
        for (const segment of path) {
            if (isAlias(node)) {
                node = node.resolve(doc);
            }
            if (isMap(node)) {
                const pair = node.items.find(
                    (p) => (isScalar(p.key) ? p.key.value : p.key) === segment,
                );
                const key = pair?.key;
                if (!pair || !isNode(key) || !key.range) {
                    break;
                }
                offset = key.range[0];
                node = pair.value;
            } else if (isSeq(node) && typeof segment === "number") {
                const item: unknown = node.items[segment];
                if (!isNode(item) || !item.range) {
                    break;
                }
                offset = item.range[0];
                node = item;
            } else {
                break;
            }
        }
        return range[0] + offset;
    };
}

/**
 * Finds a field path named in a policy's message (`spec.template.spec.containers[0].image`), for
 * messages that name the field they are about; the first such path wins.
 */
export function pathInMessage(message: string): FieldPath | undefined {
    const match =
        /\b(?:spec|metadata|data|stringData|rules|subjects|roleRef|webhooks)(?:\.[A-Za-z0-9_-]+|\[\d+\])*/.exec(
            message,
        );
    if (!match) {
        return undefined;
    }
    return [...match[0].matchAll(/([A-Za-z0-9_-]+)|\[(\d+)\]/g)].map((m) =>
        m[2] !== undefined ? Number(m[2]) : m[1],
    );
}
