/**
 * A policy pack run from its package folder with its dependencies installed (the tarball
 * `pulumi policy publish` uploads, installed; or `policies/` itself after its build, which is what
 * `pulumi preview --policy-pack policies` loads), rather than from this repository's sources: where
 * each route finds it.
 *
 * - In-process: the module the package exports as `./policies` (its `exports` map), loaded through
 *   the package's own name from inside the package, so only the package's files and dependencies
 *   are reachable.
 * - gRPC: the engine's own command. The Node.js language host runs
 *   `node <@pulumi/pulumi/cmd/run-policy-pack located from the pack folder> <engine address> <pack folder>`
 *   with the pack folder as working directory (pulumi/pulumi `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`,
 *   `RunPlugin`, at 1b59498, 2026-08-21); the runner drops the engine address and `require`s the
 *   folder, i.e. the package's `main` (`@pulumi/pulumi` 3.270.0 `cmd/run-policy-pack/index.js`, `run.js`).
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";

/** An installed pack package, as the routes start it. */
export interface InstalledPack {
    /** The package folder: its `package.json` gives the version; the server's working directory. */
    readonly dir: string;
    /** The package's version (what `new PolicyPack` reports). */
    readonly version: string;
    /** The file the package exports as `./policies` (PACK_NAME, PACK_ENFORCEMENT_LEVEL, policies). */
    readonly policiesModule: string;
    /** Node arguments that serve the pack over the Analyzer protocol (working directory `dir`). */
    readonly serverArgs: readonly string[];
}

/** The engine address the runner receives first and drops (nothing connects to it here). */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

/** Locates an installed pack package in `dir`; throws naming the folder when it is not one. */
export function installedPack(dir: string): InstalledPack {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) {
        throw new Error(`${dir} holds no package.json: not an installed policy pack`);
    }
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
        name?: unknown;
        version?: unknown;
    };
    if (typeof pkg.name !== "string" || typeof pkg.version !== "string") {
        throw new Error(`${manifest} has no name or version`);
    }
    const req = createRequire(manifest);
    return {
        dir,
        version: pkg.version,
        policiesModule: req.resolve(`${pkg.name}/policies`),
        serverArgs: [req.resolve("@pulumi/pulumi/cmd/run-policy-pack"), UNUSED_ENGINE_ADDRESS, dir],
    };
}
