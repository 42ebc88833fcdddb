/**
 * The workspace packages as a user gets them, made once per test run: each packed once (`npm pack`,
 * which runs its `prepack` build; both at once, a `tsc` each), then every tarball installed by ONE
 * `npm install <tgz>...` into one empty folder, dependencies from the npm cache when it holds them
 * (`--prefer-offline`), else the registry. The shared SDKs (`@pulumi/pulumi` in both) are resolved
 * and extracted once. The first spec that asks starts it all; the folder goes when the run ends.
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
    /** The folder every package was installed in (its `node_modules/<name>` is the package). */
    readonly app: string;
    /** The installed package folder. */
    readonly dir: string;
}

/** The workspace packages under `packages/` that specs install. */
export const PACKAGES = ["platform-components", "policy-check"] as const;
export type PackageFolder = (typeof PACKAGES)[number];

/** The flags of every install: no audit or funding requests, the cache before the registry. */
export const INSTALL_FLAGS = [
    "--loglevel=error",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
] as const;

/** npm with the environment of a user's shell: nothing npm passes to `npm test`'s children. */
export function npm(args: readonly string[], cwd: string): Promise<string> {
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

interface Packed {
    readonly folder: PackageFolder;
    readonly manifest: InstalledPackage["manifest"];
    readonly packStdout: string;
    readonly tarball: string;
    readonly files: readonly string[];
}

async function pack(folder: PackageFolder, tmp: string): Promise<Packed> {
    const source = path.join(ROOT, "packages", folder);
    const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
    const packStdout = await npm(["pack", "--loglevel=error", "--pack-destination", tmp], source);
    const tarball = path.join(tmp, packStdout.trim());
    const list = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    assert.strictEqual(list.status, 0, list.stderr);
    const files = list.stdout
        .split("\n")
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, ""))
        .sort();
    return { folder, manifest, packStdout, tarball, files };
}

async function packAndInstallAll(tmp: string): Promise<Map<PackageFolder, InstalledPackage>> {
    const packed = await Promise.all(PACKAGES.map((f) => pack(f, tmp)));
    const app = path.join(tmp, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(
        path.join(app, "package.json"),
        `${JSON.stringify({ name: "app", private: true }, null, 2)}\n`,
    );
    await npm(["install", ...INSTALL_FLAGS, ...packed.map((p) => p.tarball)], app);
    return new Map(
        packed.map(({ folder, manifest, packStdout, files }) => [
            folder,
            {
                manifest,
                packStdout,
                files,
                app,
                dir: path.join(app, "node_modules", ...manifest.name.split("/")),
            },
        ]),
    );
}

let all: Promise<Map<PackageFolder, InstalledPackage>> | undefined;

/** `packages/<folder>` packed and installed in an empty folder; the first call does every package. */
export async function installedPackage(folder: PackageFolder): Promise<InstalledPackage> {
    if (all === undefined) {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "workspace-packages-"));
        process.once("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
        all = packAndInstallAll(tmp);
        all.catch(() => undefined); // reported by each spec that awaits it
    }
    const found = (await all).get(folder);
    assert.ok(found, folder);
    return found;
}
