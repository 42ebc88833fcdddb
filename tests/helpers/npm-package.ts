/**
 * A workspace package as a user gets it: packed once per test run (`npm pack`, which runs its
 * `prepack` build), then installed from the tarball into an empty folder with `npm install <tgz>`,
 * dependencies from the npm cache when it holds them, else the registry. The first spec that asks
 * for one starts every package of {@link PACKAGES} at once (packing is CPU, installing mostly disk),
 * so the later specs find theirs ready.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ROOT } from "../tools/cli";

/** A package packed and installed in an empty folder. */
export interface InstalledPackage {
    /** The package's own package.json, as in the repository. */
    readonly manifest: {
        readonly name: string;
        readonly version: string;
        readonly license: string;
    };
    /** What `npm pack` printed on stdout. */
    readonly packStdout: string;
    /** The tarball's files, relative to its `package/` folder, sorted. */
    readonly files: readonly string[];
    /** The folder it was installed in (its `node_modules/<name>` is the package). */
    readonly app: string;
    /** The installed package folder. */
    readonly dir: string;
}

/** The workspace packages under `packages/` that specs install. */
export const PACKAGES = ["platform-components", "policy-check"] as const;
export type PackageFolder = (typeof PACKAGES)[number];

/** npm with the environment of a user's shell: nothing npm passes to `npm test`'s children. */
function npm(args: string[], cwd: string): Promise<string> {
    const env = Object.fromEntries(
        Object.entries(process.env).filter(
            ([k]) => !/^npm_(package|lifecycle|config_local_prefix|command)/i.test(k),
        ),
    );
    return new Promise((resolve, reject) => {
        const child = spawn("npm", args, { cwd, env, timeout: 400_000 });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0
                ? resolve(stdout)
                : reject(new Error(`npm ${args.join(" ")} in ${cwd} exited ${code}:\n${stderr}`)),
        );
    });
}

const installed = new Map<
    string,
    { readonly tmp: string; readonly ready: Promise<InstalledPackage> }
>();

async function packAndInstall(folder: string, tmp: string): Promise<InstalledPackage> {
    const source = path.join(ROOT, "packages", folder);
    const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
    const packStdout = await npm(["pack", "--loglevel=error", "--pack-destination", tmp], source);
    const tarball = packStdout.trim();
    const list = spawnSync("tar", ["-tzf", tarball], { cwd: tmp, encoding: "utf8" });
    assert.strictEqual(list.status, 0, list.stderr);
    const files = list.stdout
        .split("\n")
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, ""))
        .sort();
    const app = path.join(tmp, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(
        path.join(app, "package.json"),
        `${JSON.stringify({ name: "app", private: true }, null, 2)}\n`,
    );
    await npm(
        [
            "install",
            "--loglevel=error",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            path.join(tmp, tarball),
        ],
        app,
    );
    return {
        manifest,
        packStdout,
        files,
        app,
        dir: path.join(app, "node_modules", ...manifest.name.split("/")),
    };
}

/**
 * `packages/<folder>` packed and installed in an empty folder; the first call starts every package
 * of {@link PACKAGES}.
 */
export function installedPackage(folder: PackageFolder): Promise<InstalledPackage> {
    if (installed.size === 0) {
        // A run of one spec leaves the other packages' folders: remove them all when the run ends.
        process.once("exit", () => {
            for (const { tmp } of installed.values()) {
                fs.rmSync(tmp, { recursive: true, force: true });
            }
        });
        for (const f of PACKAGES) {
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${f}-`));
            const ready = packAndInstall(f, tmp);
            ready.catch(() => undefined); // reported by the spec that awaits it
            installed.set(f, { tmp, ready });
        }
    }
    const entry = installed.get(folder);
    assert.ok(entry, folder);
    return entry.ready;
}

/** Removes the folder packAndInstall made for `packages/<folder>`. */
export function removeInstalledPackage(folder: string): void {
    const known = installed.get(folder);
    if (known) {
        fs.rmSync(known.tmp, { recursive: true, force: true });
    }
}
