/**
 * Checks plain Kubernetes manifests (multi-document YAML, any kind and API version) with the real
 * policy pack: each object through Analyze, the whole set through AnalyzeStack.
 */
import * as fs from "fs";
import * as path from "path";
import { LineCounter, parseAllDocuments } from "yaml";

import { field, kubernetesTypeToken, UnknownRecord } from "../../lib/kubernetes";
import { MALFORMED_RULE, malformedProblems } from "./malformed";
import { AnalyzerInput, PackSession, Violation } from "./pack";

/** One object read from a file. */
export interface ManifestObject {
    readonly file: string;
    readonly doc: number;
    /** 1-based line where the document starts (for SARIF). */
    readonly line: number;
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
    readonly violations: Omit<Violation, "urn">[];
}

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

/** Reads every document of every file; `List` kinds are expanded into their items. */
export function readManifests(files: readonly string[]): {
    objects: ManifestObject[];
    errors: InputError[];
} {
    const objects: ManifestObject[] = [];
    const errors: InputError[] = [];
    for (const file of files) {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e) {
            errors.push({
                file,
                message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            });
            continue;
        }
        const lines = new LineCounter();
        parseAllDocuments(text, { lineCounter: lines }).forEach((doc, i) => {
            if (!("errors" in doc)) {
                return;
            }
            if (doc.errors.length > 0) {
                errors.push({
                    file,
                    doc: i,
                    message: `invalid YAML in document ${i}: ${doc.errors[0].message.split("\n")[0]}`,
                });
                return;
            }
            const value = doc.toJS();
            if (value === null || value === undefined) {
                return;
            }
            const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
            const items =
                value.kind === "List" && Array.isArray(value.items) ? value.items : [value];
            for (const object of items) {
                if (
                    object === null ||
                    typeof object !== "object" ||
                    Array.isArray(object) ||
                    typeof object.apiVersion !== "string" ||
                    typeof object.kind !== "string"
                ) {
                    errors.push({
                        file,
                        doc: i,
                        message: `document ${i} is not a Kubernetes object (apiVersion and kind are required)`,
                    });
                    continue;
                }
                objects.push({ file, doc: i, line, object });
            }
        });
    }
    return { objects, errors };
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
    const inputs: AnalyzerInput[] = objects.map((o, i) => {
        const type = kubernetesTypeToken(o.object.apiVersion, o.object.kind);
        return {
            urn: urnOf(o, type, i),
            type,
            name: String(field(o.object, "metadata", "name") ?? `${o.file}#${o.doc}`),
            props: o.object,
        };
    });
    const malformed: Violation[] = objects.flatMap((o, i) =>
        malformedProblems(o.object).map((message) => ({
            policy: MALFORMED_RULE,
            enforcementLevel: "mandatory" as const,
            urn: inputs[i].urn,
            message,
        })),
    );
    const violations = [
        ...malformed,
        ...(await pack.analyze(inputs)),
        ...(await pack.analyzeStack(inputs)),
    ];
    const byUrn = new Map<string, Omit<Violation, "urn">[]>();
    for (const v of violations) {
        byUrn.set(v.urn, [
            ...(byUrn.get(v.urn) ?? []),
            { policy: v.policy, enforcementLevel: v.enforcementLevel, message: v.message },
        ]);
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
