/**
 * One checker run: reads the inputs, runs the pack (with the structure checks of malformed.ts),
 * validates every object against its schema, applies the objects' exemptions and locates every
 * finding in its file. Pure of output: main.ts prints the report it returns.
 */
import { field, UnknownRecord } from "../../lib/kubernetes";
import { checkObjects, Finding, InputError, ManifestObject } from "../offline/check";
import { MALFORMED_RULE } from "../offline/malformed";
import { PackSession } from "../offline/pack";
import { SchemaValidator } from "../offline/schemas";
import {
    EXEMPT_ANNOTATION,
    EXEMPT_PATH,
    EXEMPTION_RULE,
    parseExemptions,
    UNUSED_EXEMPTION_RULE,
} from "./exemptions";
import { helmHook } from "./hooks";
import { ResolvedInputs } from "./inputs";
import { documentLocator, LineIndex, pathInMessage } from "./locate";
import { readManifestsFast } from "./read";
import { SCHEMA_RULE } from "./rules";

/** A finding with where it is written and, when an annotation exempts it, the reason. */
export interface ReportFinding extends Finding {
    readonly line: number;
    readonly column: number;
    readonly exemption?: { readonly reason: string };
}

/** The verdict for one object. */
export interface ObjectReport {
    readonly file: string;
    readonly doc: number;
    readonly line: number;
    readonly apiVersion: string;
    readonly kind: string;
    readonly name?: unknown;
    readonly namespace?: unknown;
    /** The Helm hook events of the object, when it is a hook (`helm.sh/hook`). */
    readonly helmHook?: string[];
    readonly violations: ReportFinding[];
}

/** A Helm hook left out by `--skip-hooks`. */
export interface SkippedHook {
    readonly file: string;
    readonly doc: number;
    readonly kind: string;
    readonly name?: unknown;
    readonly helmHook: string[];
}

/** Everything a run found. */
export interface CheckReport {
    readonly files: readonly string[];
    readonly results: ObjectReport[];
    readonly skippedHooks: SkippedHook[];
    readonly errors: InputError[];
    /** Kinds no schema is known for (`apiVersion/kind`), sorted. */
    readonly withoutSchema: string[];
}

/** Runs the checks over resolved inputs. */
export async function runCheck(
    inputs: ResolvedInputs,
    pack: PackSession,
    options: {
        readonly skipHooks: boolean;
        /**
         * How the files are read (tests compare the fast reader with the `yaml`-only one).
         * @default readManifestsFast
         */
        readonly reader?: typeof readManifestsFast;
    },
): Promise<CheckReport> {
    const read = (options.reader ?? readManifestsFast)(inputs.files, inputs.load);
    const skippedHooks: SkippedHook[] = [];
    const objects: ManifestObject[] = [];
    for (const o of read.objects) {
        const hook = helmHook(o.object);
        if (hook && options.skipHooks) {
            skippedHooks.push({
                file: o.file,
                doc: o.doc,
                kind: o.object.kind,
                name: field(o.object, "metadata", "name"),
                helmHook: hook,
            });
        } else {
            objects.push(o);
        }
    }
    const checked = await checkObjects(objects, pack);
    const validator = new SchemaValidator();
    validator.registerCrds(objects.map((o) => o.object));
    const withoutSchema = new Set<string>();
    const policies = new Set(pack.policies.map((p) => p.name));
    const lineIndexes = new Map<string, LineIndex>();
    const results: ObjectReport[] = [];
    for (let i = 0; i < objects.length; i++) {
        const o = objects[i];
        const r = checked.results[i];
        const schema = await schemaFindings(validator, o.object, withoutSchema);
        const exemptions = parseExemptions(
            field(o.object, "metadata", "annotations", EXEMPT_ANNOTATION),
            policies,
        );
        const malformed =
            schema.length > 0 || r.violations.some((v) => v.policy === MALFORMED_RULE);
        const findings: (Finding & { exemption?: { reason: string } })[] = [
            ...schema,
            ...r.violations.map((v) => (malformed ? quietCrash(v) : v)),
            ...exemptions.problems.map((message) => ({
                policy: EXEMPTION_RULE,
                enforcementLevel: "mandatory" as const,
                message,
                path: EXEMPT_PATH,
            })),
        ].map((v) => {
            const e = exemptions.exemptions.get(v.policy);
            return e ? { ...v, exemption: { reason: e.reason } } : v;
        });
        for (const e of exemptions.exemptions.values()) {
            if (!findings.some((f) => f.policy === e.policy)) {
                findings.push({
                    policy: UNUSED_EXEMPTION_RULE,
                    enforcementLevel: "advisory",
                    message: `the exemption of '${e.policy}' exempts nothing: this object has no '${e.policy}' finding; remove the line from ${EXEMPT_ANNOTATION}`,
                    path: EXEMPT_PATH,
                });
            }
        }
        const violations = locateAll(o, findings, read.texts, lineIndexes);
        const hook = helmHook(o.object);
        results.push({ ...r, ...(hook ? { helmHook: hook } : {}), violations });
    }
    return {
        files: inputs.files,
        results,
        skippedHooks,
        errors: [...inputs.errors, ...read.errors, ...checked.errors],
        withoutSchema: [...withoutSchema].sort(),
    };
}

/** The schema findings of one object, one per validator error, each with its field. */
async function schemaFindings(
    validator: SchemaValidator,
    object: UnknownRecord,
    withoutSchema: Set<string>,
): Promise<Finding[]> {
    const r = await validator.validate(object);
    if (r.status === "no-schema") {
        withoutSchema.add(`${object.apiVersion}/${object.kind}`);
        return [];
    }
    if (r.status === "valid") {
        return [];
    }
    const head = r.message.slice(0, r.message.indexOf(" schema: ") + " schema: ".length);
    const problems = r.problems.length > 0 ? r.problems : [{ path: [], message: "" }];
    return problems.map((p) => ({
        policy: SCHEMA_RULE,
        enforcementLevel: "mandatory" as const,
        message: p.message ? `${head}${p.message}` : r.message,
        path: p.path,
    }));
}

/**
 * A policy that crashed on an object already reported as malformed says so, instead of repeating
 * the JavaScript error the malformed field caused.
 */
function quietCrash(v: Finding): Finding {
    return v.message.startsWith("could not be checked (malformed object?)")
        ? {
              ...v,
              message: `could not be checked: the object is malformed (see its ${MALFORMED_RULE} and ${SCHEMA_RULE} findings)`,
          }
        : v;
}

/** Adds line and column to each finding (the document is composed again only when it has any). */
function locateAll(
    o: ManifestObject,
    findings: readonly (Finding & { exemption?: { reason: string } })[],
    texts: ReadonlyMap<string, string>,
    lineIndexes: Map<string, LineIndex>,
): ReportFinding[] {
    if (findings.length === 0) {
        return [];
    }
    const text = texts.get(o.file) ?? "";
    let lines = lineIndexes.get(o.file);
    if (!lines) {
        lines = new LineIndex(text);
        lineIndexes.set(o.file, lines);
    }
    const offsetOf = documentLocator(text, o.range);
    return findings.map((f) => {
        const path = f.path ?? pathInMessage(f.message) ?? [];
        const { line, column } = lines.position(offsetOf([...o.basePath, ...path]));
        return { ...f, line, column };
    });
}
