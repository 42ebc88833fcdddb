/**
 * Checks plain Kubernetes manifests (multi-document YAML, any kind and API version) with the real
 * policy pack: each object through Analyze, the whole set through AnalyzeStack.
 */
import * as fs from "fs";
import * as path from "path";
import { Composer, LineCounter, parseAllDocuments, Parser } from "yaml";

import { field, kubernetesTypeToken, UnknownRecord } from "../../lib/kubernetes";
import { MALFORMED_RULE, malformedFindings } from "./malformed";
import { AnalyzerInput, PackSession, Violation } from "./pack";
import { documentValue } from "./yaml-value";

/** One object read from a file. */
export interface ManifestObject {
    readonly file: string;
    readonly doc: number;
    /** 1-based line where the document starts (for SARIF). */
    readonly line: number;
    /** Offsets of the document in its file's text: [start of its content, end]. */
    readonly range: readonly [number, number];
    /** Where the object sits in its document: `[]`, or `["items", i]` for an item of a `List`. */
    readonly basePath: readonly (string | number)[];
    /** The object; its apiVersion and kind are strings (other objects are input errors). */
    readonly object: UnknownRecord & { readonly apiVersion: string; readonly kind: string };
}

/** A file or document that could not be read or parsed; the other files are still checked. */
export interface InputError {
    readonly file: string;
    readonly doc?: number;
    readonly message: string;
}

/** The verdict for one object. */
export interface CheckResult {
    readonly file: string;
    readonly doc: number;
    readonly line: number;
    readonly apiVersion: string;
    readonly kind: string;
    /** `metadata.name` and `metadata.namespace` as the file holds them (strings when valid). */
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly violations: Finding[];
}

/** A violation of one object; `path` names the field it is about, when known. */
export type Finding = Omit<Violation, "urn"> & { readonly path?: readonly (string | number)[] };

/** Reads one input's text (a file path as given, or `-` for standard input). */
export type TextLoader = (file: string) => string;

/**
 * Lists YAML files under the given files and directories, sorted. Missing paths, broken symbolic links
 * and link loops become input errors and are skipped; every real folder is walked once.
 */
export function expandInputs(inputs: readonly string[]): { files: string[]; errors: InputError[] } {
    const files: string[] = [];
    const errors: InputError[] = [];
    const seenDirs = new Set<string>();
    const fail = (file: string, e: unknown) => {
        const code = (e as NodeJS.ErrnoException).code;
        errors.push({
            file,
            message:
                code === "ELOOP"
                    ? "cannot read: symbolic link loop (ELOOP); skipped"
                    : code === "ENOENT" && fs.lstatSync(file, { throwIfNoEntry: false })
                      ? "cannot read: broken symbolic link (ENOENT); skipped"
                      : `cannot read: ${code ?? String(e)}`,
        });
    };
    const walk = (p: string, explicit: boolean) => {
        let real: string;
        let stat: fs.Stats;
        try {
            real = fs.realpathSync(p);
            stat = fs.statSync(real);
        } catch (e) {
            // In folders, only what would have been read counts (a dangling README link does not).
            if (explicit || /\.ya?ml$/i.test(p) || (e as NodeJS.ErrnoException).code === "ELOOP") {
                fail(p, e);
            }
            return;
        }
        if (stat.isDirectory()) {
            if (seenDirs.has(real)) {
                errors.push({
                    file: p,
                    message: `cannot read: link loop (already read as ${real}); skipped`,
                });
                return;
            }
            seenDirs.add(real);
            for (const e of fs.readdirSync(p).sort()) {
                walk(path.join(p, e), false);
            }
        } else if (explicit || /\.ya?ml$/i.test(p)) {
            files.push(p);
        }
    };
    for (const input of inputs) {
        walk(input, true);
    }
    return { files, errors };
}

/**
 * Reads every document of every file; `List` kinds are expanded into their items. Documents are
 * composed one at a time (a large file never holds every document's node tree at once); `texts`
 * keeps each file's text for locating fields later (locate.ts).
 */
export function readManifests(
    files: readonly string[],
    load: TextLoader = (f) => fs.readFileSync(f, "utf8"),
): {
    objects: ManifestObject[];
    errors: InputError[];
    texts: Map<string, string>;
} {
    const objects: ManifestObject[] = [];
    const errors: InputError[] = [];
    const texts = new Map<string, string>();
    for (const file of files) {
        let text: string;
        try {
            text = load(file);
        } catch (e) {
            errors.push({
                file,
                message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            });
            continue;
        }
        texts.set(file, text);
        const lines = new LineCounter();
        const composer = new Composer();
        let i = -1;
        let pretty: ReturnType<typeof parseAllDocuments> | undefined;
        for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text), true)) {
            i++;
            if (doc.errors.length > 0) {
                // Rare: parse the file again as a whole for the library's own message, with its
                // line, column and code frame (`prettyErrors`, the default of parseAllDocuments).
                pretty ??= parseAllDocuments(text, { lineCounter: new LineCounter() });
                const again = Array.isArray(pretty) ? pretty[i] : undefined;
                const message = (again?.errors[0] ?? doc.errors[0]).message.trimEnd();
                errors.push({ file, doc: i, message: `invalid YAML in document ${i}: ${message}` });
                continue;
            }
            const read = documentValue(doc, text, lines);
            if ("error" in read) {
                errors.push({
                    file,
                    doc: i,
                    message: `invalid YAML in document ${i}: ${read.error.trimEnd()}`,
                });
                continue;
            }
            const value = read.value as UnknownRecord | null | undefined;
            if (value === null || value === undefined) {
                continue;
            }
            const start = doc.contents?.range?.[0] ?? doc.range[0];
            const range: [number, number] = [start, doc.range[2]];
            const line = lines.linePos(start).line;
            pushDocumentObjects(value, { file, doc: i, line, range }, objects, errors);
        }
    }
    return { objects, errors, texts };
}

/** Where a document's objects come from: its file, index, first line and text range. */
export interface DocumentPlace {
    readonly file: string;
    readonly doc: number;
    readonly line: number;
    readonly range: [number, number];
}

/**
 * The objects of one parsed document: the document itself, or each item of a `List`; an item that is
 * not a Kubernetes object (no string apiVersion and kind) is an error of the document. Shared by both
 * readers (this one and the checker's fast reader) so they cannot drift.
 */
export function pushDocumentObjects(
    value: UnknownRecord,
    place: DocumentPlace,
    objects: ManifestObject[],
    errors: InputError[],
): void {
    const isList = value.kind === "List" && Array.isArray(value.items);
    const items: unknown[] = isList ? (value.items as unknown[]) : [value];
    items.forEach((object, index) => {
        if (
            object === null ||
            typeof object !== "object" ||
            Array.isArray(object) ||
            typeof (object as UnknownRecord).apiVersion !== "string" ||
            typeof (object as UnknownRecord).kind !== "string"
        ) {
            errors.push({
                file: place.file,
                doc: place.doc,
                message: `document ${place.doc} is not a Kubernetes object (apiVersion and kind are required)`,
            });
            return;
        }
        objects.push({
            file: place.file,
            doc: place.doc,
            line: place.line,
            range: place.range,
            basePath: isList ? ["items", index] : [],
            object: object as ManifestObject["object"],
        });
    });
}

function urnOf(o: ManifestObject, type: string, index: number): string {
    return `urn:pulumi:policy-check::manifests::${type}::${o.file}#${o.doc}.${index}`;
}

/**
 * Runs the pack over the objects: one result per object, plus errors for stack-policy findings that
 * belong to no object (a stack policy that crashed).
 */
export async function checkObjects(
    objects: readonly ManifestObject[],
    pack: PackSession,
): Promise<{ results: CheckResult[]; errors: InputError[] }> {
    // One token string per distinct apiVersion and kind, not one per object.
    const tokens = new Map<string, string>();
    const inputs: AnalyzerInput[] = objects.map((o, i) => {
        const key = `${o.object.apiVersion}\0${o.object.kind}`;
        let type = tokens.get(key);
        if (type === undefined) {
            type = kubernetesTypeToken(o.object.apiVersion, o.object.kind);
            tokens.set(key, type);
        }
        return {
            urn: urnOf(o, type, i),
            type,
            name: String(field(o.object, "metadata", "name") ?? `${o.file}#${o.doc}`),
            props: o.object,
        };
    });
    const malformed: (Violation & Finding)[] = objects.flatMap((o, i) =>
        malformedFindings(o.object).map((p) => ({
            policy: MALFORMED_RULE,
            enforcementLevel: "mandatory" as const,
            urn: inputs[i].urn,
            message: p.message,
            path: p.path,
        })),
    );
    const violations: (Violation & Finding)[] = [
        ...malformed,
        ...(await pack.analyze(inputs)),
        ...(await pack.analyzeStack(inputs)),
    ];
    const byUrn = new Map<string, Finding[]>();
    for (const v of violations) {
        const list = byUrn.get(v.urn) ?? [];
        byUrn.set(v.urn, list);
        list.push({
            policy: v.policy,
            enforcementLevel: v.enforcementLevel,
            message: v.message,
            ...(v.path ? { path: v.path } : {}),
        });
    }
    const known = new Set(inputs.map((i) => i.urn));
    const errors: InputError[] = violations
        .filter((v) => !known.has(v.urn))
        .map((v) => ({ file: "(all inputs)", message: `[${v.policy}] ${v.message}` }));
    const results = objects.map((o, i) => ({
        file: o.file,
        doc: o.doc,
        line: o.line,
        apiVersion: o.object.apiVersion,
        kind: o.object.kind,
        name: field(o.object, "metadata", "name"),
        namespace: field(o.object, "metadata", "namespace"),
        violations: byUrn.get(inputs[i].urn) ?? [],
    }));
    return { results, errors };
}
