/**
 * Which Pulumi project the offline preview runs: the platform program at the repository root (the
 * default), or another project of the repository (`--project examples/app-team`), such as an
 * application team's program that uses the component library by its package name.
 *
 * A project other than the root imports `@supply-chain/platform-components`. In this repository that
 * name is the workspace package, whose `exports` point at a compiled `dist/` that exists only after
 * `npm pack` (stale after a source edit, and a second copy of every component class beside the one
 * the tools load). So the preview resolves it to the library's source entry in the same tree the
 * tools run from (`build/<stamp>/` precompiled, or the sources under ts-node), as the platform
 * program imports the components. A project with its own installed copy of the package (a
 * `node_modules` of its own) keeps that copy.
 *
 * A project outside the repository (an application team's own checkout, `--project <dir>` anywhere)
 * runs from its own sources and its own installed packages, the library included: see
 * external-project.ts.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";

import { ROOT } from "./root";

/** The library's package name and its source entry, relative to the tree's root. */
const LIBRARY = {
    name: "@supply-chain/platform-components",
    entry: "packages/platform-components/index",
};

/** The root of the tree this module runs from: the repository, or `build/<stamp>/`. */
const TREE = path.resolve(__dirname, "..", "..");

/** A project the preview can run. */
export interface Project {
    /** Absolute folder of the project (holds its `Pulumi.yaml` and stack files). */
    readonly dir: string;
    /** True for the platform program at the repository root (its config schema, capacity, cost). */
    readonly platform: boolean;
    /** The program's entry module, in the tree the tools run from (or the project's `index.ts`). */
    readonly program: string;
    /**
     * True for a project outside the repository: its own sources and installed packages
     * (external-project.ts).
     */
    readonly external: boolean;
}

/** A `--project` that cannot be run (usage error, exit 2). */
export class ProjectError extends Error {
    public override readonly name = "ProjectError";
}

/** The project in `dir` (relative to the working directory); the root when `dir` is undefined. */
export function resolveProject(dir?: string): Project {
    const abs = dir === undefined ? ROOT : path.resolve(dir);
    if (abs === ROOT) {
        return { dir: ROOT, platform: true, program: path.join(TREE, "index"), external: false };
    }
    const rel = path.relative(ROOT, abs);
    const external = rel.startsWith("..") || path.isAbsolute(rel);
    if (!fs.existsSync(path.join(abs, "Pulumi.yaml"))) {
        throw new ProjectError(`--project ${dir}: no Pulumi.yaml in ${external ? abs : rel}`);
    }
    if (!external) {
        return { dir: abs, platform: false, program: path.join(TREE, rel, "index"), external };
    }
    const program = path.join(fs.realpathSync(abs), "index.ts");
    if (!fs.existsSync(program)) {
        throw new ProjectError(
            `--project ${dir}: no index.ts in ${abs}; the offline preview runs a TypeScript program's index.ts`,
        );
    }
    return { dir: fs.realpathSync(abs), platform: false, program, external };
}

let installed = false;

/**
 * Resolves the component library's package name to its source entry in this tree, unless the
 * requiring project has its own installed copy (see the file's comment). Idempotent.
 */
export function useWorkspaceLibrary(): void {
    if (installed) {
        return;
    }
    installed = true;
    const workspace = path.join(ROOT, path.dirname(LIBRARY.entry));
    const source = path.join(TREE, LIBRARY.entry);
    const resolver = Module as unknown as {
        _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
    };
    const original = resolver._resolveFilename.bind(resolver);
    resolver._resolveFilename = (request, parent, ...rest) => {
        if (request !== LIBRARY.name) {
            return original(request, parent, ...rest);
        }
        let resolved: string | undefined;
        try {
            resolved = fs.realpathSync(original(request, parent, ...rest));
        } catch {
            resolved = undefined; // the workspace package is not built (no dist/), or not linked
        }
        return resolved === undefined || resolved.startsWith(workspace + path.sep)
            ? original(source, parent, ...rest)
            : resolved;
    };
}
