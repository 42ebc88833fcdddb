/**
 * Reads manifest files as tools/offline/check.ts's `readManifests` does (same objects, document
 * numbers, lines and errors; a document's range ends at the next `---` line, where `yaml` may end
 * it earlier, before trailing blanks and comments), but fast: each document is cut out of its file at its `---`
 * line (split.ts) and parsed by the fast value parser (fast-yaml.ts), which refuses whatever it
 * cannot read exactly as `yaml` does. A refused document is composed with `yaml` alone; a document
 * `yaml` finds errors in, or a file split.ts refuses, sends its whole file through `readManifests`
 * (its messages, with line, column and code frame, are the library's). Locations of findings are
 * still found with `yaml`, for the documents that have findings only (locate.ts).
 */
import * as fs from "fs";
import { parseDocument } from "yaml";

import { UnknownRecord } from "../../lib/kubernetes";
import {
    InputError,
    ManifestObject,
    pushDocumentObjects,
    readManifests,
    TextLoader,
} from "../offline/check";
import { fastDocumentValue } from "./fast-yaml";
import { splitDocuments } from "./split";

type ReadResult = ReturnType<typeof readManifests>;

/** A document's value and where its content starts, or `undefined` when `yaml` finds errors in it. */
function documentValue(
    text: string,
    start: number,
    end: number,
    contentStart: number | undefined,
): { value: unknown; contentStart: number } | undefined {
    if (contentStart === undefined) {
        return { value: null, contentStart: end };
    }
    const slice = text.slice(start, end);
    const fast = fastDocumentValue(slice);
    if (fast) {
        return { value: fast.value, contentStart };
    }
    const doc = parseDocument(slice);
    if (doc.errors.length > 0) {
        return undefined;
    }
    // An alias without its anchor: its whole file goes through `readManifests`, which reports it.
    let value: unknown;
    try {
        value = doc.toJS();
    } catch (e) {
        if (e instanceof ReferenceError) {
            return undefined;
        }
        throw e;
    }
    return {
        value,
        contentStart: start + (doc.contents?.range?.[0] ?? doc.range[0]),
    };
}

/** The objects of one file, or `undefined` when it must be read by `readManifests`. */
function readFile(
    file: string,
    text: string,
): { objects: ManifestObject[]; errors: InputError[] } | undefined {
    const docs = splitDocuments(text);
    if (!docs) {
        return undefined;
    }
    // Lines counted forwards as the documents come (a line index of a large file costs more).
    let line = 1;
    let counted = 0;
    const lineOf = (offset: number) => {
        for (
            let n = text.indexOf("\n", counted);
            n !== -1 && n < offset;
            n = text.indexOf("\n", n + 1)
        ) {
            line++;
            counted = n + 1;
        }
        return line;
    };
    const objects: ManifestObject[] = [];
    const errors: InputError[] = [];
    for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        const read = documentValue(text, d.start, d.end, d.contentStart);
        if (!read) {
            return undefined;
        }
        const value = read.value as UnknownRecord | null | undefined;
        if (value === null || value === undefined) {
            continue;
        }
        const range: [number, number] = [read.contentStart, d.end];
        const objectLine = lineOf(read.contentStart);
        pushDocumentObjects(value, { file, doc: i, line: objectLine, range }, objects, errors);
    }
    return { objects, errors };
}

/** `readManifests` (tools/offline/check.ts), with the fast reader where it applies. */
export function readManifestsFast(
    files: readonly string[],
    load: TextLoader = (f) => fs.readFileSync(f, "utf8"),
): ReadResult {
    const result: ReadResult = { objects: [], errors: [], texts: new Map() };
    for (const file of files) {
        let text: string;
        try {
            text = load(file);
        } catch (e) {
            result.errors.push({
                file,
                message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            });
            continue;
        }
        const fast = readFile(file, text);
        if (fast) {
            result.texts.set(file, text);
            for (const o of fast.objects) {
                result.objects.push(o);
            }
            result.errors.push(...fast.errors);
            continue;
        }
        const slow = readManifests([file], () => text);
        for (const [f, t] of slow.texts) {
            result.texts.set(f, t);
        }
        for (const o of slow.objects) {
            result.objects.push(o);
        }
        result.errors.push(...slow.errors);
    }
    return result;
}
