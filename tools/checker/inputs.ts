/**
 * The checker's inputs as the caller names them: paths relative to the caller's folder (not the
 * repository's), `-` for standard input. Files keep the name the caller gave (`charts/a.yaml`, or
 * the `--stdin-name` for `-`) in every report; errors about a missing path say where it was looked for.
 */
import * as fs from "fs";
import * as path from "path";

import { expandInputs, InputError, TextLoader } from "../offline/check";

/** The name standard input gets in reports unless `--stdin-name` gives one. */
export const STDIN_NAME = "<stdin>";

/** The YAML files to read, as the caller names them, and how to read each. */
export interface ResolvedInputs {
    readonly files: string[];
    readonly errors: InputError[];
    readonly load: TextLoader;
    /** The absolute path of each file read from disk (for SARIF URIs). */
    readonly absolute: Map<string, string>;
}

/**
 * Resolves `inputs` against `cwd`. `stdin` is the text of standard input, read by the caller when
 * some input is `-` (at most once: a second `-` is an error).
 */
export function resolveInputs(
    inputs: readonly string[],
    cwd: string,
    stdin: { readonly name: string; readonly text?: string },
): ResolvedInputs {
    const files: string[] = [];
    const errors: InputError[] = [];
    const absolute = new Map<string, string>();
    let stdinUsed = false;
    for (const input of inputs) {
        if (input === "-") {
            if (stdinUsed) {
                errors.push({ file: "-", message: "standard input is named twice; read once" });
                continue;
            }
            stdinUsed = true;
            files.push(stdin.name);
            continue;
        }
        const abs = path.resolve(cwd, input);
        if (!fs.lstatSync(abs, { throwIfNoEntry: false })) {
            errors.push({
                file: input,
                message: `cannot read: no such file or directory (looked for ${abs})`,
            });
            continue;
        }
        const expanded = expandInputs([abs]);
        const shown = (f: string) => (f === abs ? input : path.join(input, path.relative(abs, f)));
        for (const f of expanded.files) {
            files.push(shown(f));
            absolute.set(shown(f), f);
        }
        errors.push(...expanded.errors.map((e) => ({ ...e, file: shown(e.file) })));
    }
    const load: TextLoader = (file) => {
        const abs = absolute.get(file);
        if (abs !== undefined) {
            return fs.readFileSync(abs, "utf8");
        }
        if (stdinUsed && file === stdin.name && stdin.text !== undefined) {
            return stdin.text;
        }
        throw Object.assign(new Error(`unknown input ${file}`), { code: "ENOENT" });
    };
    return { files, errors, load, absolute };
}
