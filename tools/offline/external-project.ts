/**
 * A project outside this repository, previewed offline (`--project <dir>` anywhere): an application
 * team's own program, in its own checkout, with its own `npm install` (the component library from
 * its published tarball, the provider SDKs it pulls in).
 *
 * Two things make such a program run under the preview's mocks:
 * - Its TypeScript sources are compiled as they load, with esbuild (the transform `tools/launch.js`
 *   applies to the repository's own sources: CommonJS, no type-checking), for files of the project
 *   only; everything the program imports from `node_modules` loads as npm installed it.
 * - The mocks are installed on the preview's own `@pulumi/pulumi`, and every `require` of
 *   `@pulumi/pulumi` from outside this repository (the program, the library's compiled files, the
 *   provider SDKs' generated code) resolves to that copy: one module instance, as the Pulumi CLI
 *   expects one copy of the SDK per program. In 3.270.0 the runtime's state (monitor, config, the
 *   mocks) lives on `global` (sdk/nodejs/runtime/state.ts), so a second copy would still register
 *   through the mocks; but the preview's own hooks (sdk-tuning.ts: `Resource.callsites`, the
 *   closure-serialisation stand-ins in the module cache) are on its copy only, and loading a second
 *   SDK triples the evaluation (measured on the example: about 1.2 s with one copy, 3.9 s with two).
 *   The project's own copy must be the same version (checked: exit 2 otherwise), so the program runs
 *   on exactly the SDK version it installed.
 * The library and the provider SDKs (`@pulumi/aws`, `@pulumi/kubernetes`, ...) are the project's
 * installed ones: the library's compiled files and `exports` as its tarball shipped them.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";

import { ROOT } from "./root";

/** The SDK package whose single instance the mocks need. */
const SDK = "@pulumi/pulumi";

/** A project outside the repository that cannot be run (usage error, exit 2). */
export class ExternalProjectError extends Error {
    public override readonly name = "ExternalProjectError";
}

/** The version of the package.json at `file`. */
function versionOf(file: string): string {
    const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "(none)";
}

/**
 * Checks that `dir` has installed `@pulumi/pulumi` at the preview's version, and returns the
 * preview's version.
 */
export function checkProjectSdk(dir: string): string {
    const ours = versionOf(require.resolve(`${SDK}/package.json`));
    let theirs: string;
    try {
        theirs = versionOf(require.resolve(`${SDK}/package.json`, { paths: [dir] }));
    } catch {
        throw new ExternalProjectError(
            `--project ${dir}: ${SDK} is not installed for the project; run npm install (or npm ci) in it first`,
        );
    }
    if (theirs !== ours) {
        throw new ExternalProjectError(
            `--project ${dir}: the project installed ${SDK} ${theirs}, the offline preview runs ${ours}; pin ${SDK} to ${ours} in the project's package.json`,
        );
    }
    return ours;
}

let installed: string | undefined;

/**
 * Makes the project in `dir` loadable: its `.ts` files compiled by esbuild as they load, and
 * `@pulumi/pulumi` required from outside the repository resolved to the preview's copy. Checks the
 * project's SDK version first. For one project per process.
 */
export function useExternalProject(dir: string): void {
    if (installed !== undefined) {
        if (installed !== dir) {
            throw new ExternalProjectError(`one external project per process (${installed})`);
        }
        return;
    }
    checkProjectSdk(dir);
    installed = dir;
    const inProject = (file: string): boolean => file.startsWith(dir + path.sep);
    const inRepository = (file: string): boolean => file.startsWith(ROOT + path.sep);

    // esbuild is a devDependency of this repository, as for tools/launch.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    const extensions = (
        Module as unknown as {
            _extensions: Record<string, (m: NodeJS.Module, filename: string) => void>;
        }
    )._extensions;
    const previous = extensions[".ts"];
    extensions[".ts"] = (m, filename) => {
        if (!inProject(filename) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
            if (!previous) {
                throw new ExternalProjectError(
                    `cannot load ${filename}: not a file of the project`,
                );
            }
            return previous(m, filename);
        }
        const { code } = esbuild.transformSync(fs.readFileSync(filename, "utf8"), {
            loader: "ts",
            format: "cjs",
            platform: "node",
            target: "node20",
            sourcefile: filename,
            logLevel: "error",
        });
        (m as unknown as { _compile(code: string, filename: string): void })._compile(
            code,
            filename,
        );
    };

    const resolver = Module as unknown as {
        _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
    };
    const original = resolver._resolveFilename.bind(resolver);
    resolver._resolveFilename = (request, parent, ...rest) => {
        const from = (parent as { filename?: unknown } | null | undefined)?.filename;
        if (
            (request === SDK || request.startsWith(`${SDK}/`)) &&
            typeof from === "string" &&
            !inRepository(fs.realpathSync(from))
        ) {
            return require.resolve(request);
        }
        return original(request, parent, ...rest);
    };
}
