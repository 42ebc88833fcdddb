/**
 * Runs an offline tool precompiled: `node tools/launch.js <entry> [args...]`, where <entry> is a
 * source path without extension (`tools/preview`, `tools/policy-check`, `tools/conformance`,
 * `bench/run`). `node tools/launch.js --build` only builds.
 *
 * The program, components, schemas, policy pack, tools and benchmark are transpiled with esbuild
 * (no bundling, no type-checking: `npm test` runs `tsc --noEmit`) into `build/<stamp>/`, a
 * git-ignored folder mirroring the source tree. The stamp hashes every source file's path, size and
 * modification time, so a changed source makes a new build the next time any tool starts (about
 * 0.2 s); an unchanged tree costs one `stat` per file. Builds are written to a temporary folder and
 * renamed into place, so tools started in parallel never see half a build.
 *
 * This only speeds up the offline tools: `pulumi up` and `pulumi preview` still run `index.ts` with
 * Pulumi's own TypeScript support (Pulumi.yaml `main`), and the CLI still loads `policies/` itself.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const BUILD = path.join(ROOT, "build");
/**
 * What the build holds (policies/config, the packages' compiled dist/ and node_modules excluded):
 * the example projects and the library's package entry too, so the offline preview can run them.
 */
const SOURCES = [
    "index.ts",
    "config.ts",
    "lib",
    "components",
    "schemas",
    "policies",
    "tools",
    "bench",
    "packages",
    "examples",
];
/**
 * Workspace packages the program imports by name, and their entry in the build. Node resolves the
 * name through the package's `exports`; its `supply-chain-source` condition (Pulumi.yaml `nodeargs`,
 * .mocharc.json) points at the TypeScript entry, which plain Node cannot load, and the default at the
 * package's `dist/`, which exists only once it is packed. So the build points each `require` of the
 * name at the entry compiled beside it: the same component modules the rest of the build loads.
 */
const WORKSPACE_ENTRIES = new Map([
    ["@supply-chain/platform-components", "packages/platform-components/index.js"],
]);
/** Older builds are removed once they are this old (a running tool may still read its own). */
const PRUNE_AFTER_MS = 10 * 60 * 1000;

function sourceFiles() {
    const files = [];
    const walk = (rel) => {
        const abs = path.join(ROOT, rel);
        let stat;
        try {
            stat = fs.statSync(abs);
        } catch {
            return; // an optional folder that does not exist (yet)
        }
        if (stat.isDirectory()) {
            for (const name of fs.readdirSync(abs).sort()) {
                const skipped =
                    (rel === "policies" && (name === "config" || name === "dist")) ||
                    (name === "dist" && rel.startsWith("packages"));
                if (name !== "node_modules" && !skipped) {
                    walk(path.join(rel, name));
                }
            }
        } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
            files.push({ rel, stat });
        } else if (rel.startsWith("components") && rel.endsWith(".json")) {
            // Data the components import (Grafana dashboard models): copied as they are.
            files.push({ rel, stat, asset: true });
        }
    };
    SOURCES.forEach(walk);
    return files;
}

function stampOf(files) {
    const hash = crypto.createHash("sha256");
    const esbuildPkg = path.join(ROOT, "node_modules", "esbuild", "package.json");
    const extra = [__filename, path.join(ROOT, "policies", "package.json"), esbuildPkg];
    for (const f of extra) {
        const s = fs.statSync(f, { throwIfNoEntry: false });
        hash.update(`${f}\0${s ? `${s.size}:${s.mtimeMs}` : "-"}\n`);
    }
    for (const { rel, stat } of files) {
        hash.update(`${rel}\0${stat.size}:${stat.mtimeMs}\n`);
    }
    return hash.digest("hex").slice(0, 16);
}

/** `code` (compiled into `fromDir` of the build in `buildDir`) with WORKSPACE_ENTRIES' names resolved. */
function withWorkspaceEntries(code, fromDir, buildDir) {
    let result = code;
    for (const [name, entry] of WORKSPACE_ENTRIES) {
        const target = path.relative(fromDir, path.join(buildDir, entry)).split(path.sep).join("/");
        const relative = target.startsWith(".") ? target : `./${target}`;
        result = result.split(`require("${name}")`).join(`require(${JSON.stringify(relative)})`);
    }
    return result;
}

function compile(files, dir) {
    let esbuild;
    try {
        esbuild = require("esbuild");
    } catch {
        throw new Error("esbuild is not installed; run `npm ci` (it is a devDependency)");
    }
    const tmp = path.join(BUILD, `.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
    const { outputFiles } = esbuild.buildSync({
        entryPoints: files.filter((f) => !f.asset).map((f) => path.join(ROOT, f.rel)),
        outdir: tmp,
        outbase: ROOT,
        format: "cjs",
        platform: "node",
        target: "node20",
        logLevel: "error",
        write: false,
    });
    for (const out of outputFiles) {
        fs.mkdirSync(path.dirname(out.path), { recursive: true });
        fs.writeFileSync(out.path, withWorkspaceEntries(out.text, path.dirname(out.path), tmp));
    }
    for (const f of files.filter((f) => f.asset)) {
        fs.mkdirSync(path.dirname(path.join(tmp, f.rel)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f.rel), path.join(tmp, f.rel));
    }
    // The policy pack's own package.json (PolicyPack reads its version from the working directory),
    // pointing at this build's files instead of the package's `dist/`.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8"));
    const { exports: _exports, types: _types, files: _files, ...kept } = pkg;
    fs.writeFileSync(
        path.join(tmp, "policies", "package.json"),
        `${JSON.stringify({ ...kept, main: "index.js" }, null, 2)}\n`,
    );
    try {
        fs.renameSync(tmp, dir);
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (!fs.existsSync(dir)) {
            throw e;
        }
        // Another process finished the same build first.
    }
}

function prune(keep) {
    const now = Date.now();
    for (const name of fs.readdirSync(BUILD)) {
        const abs = path.join(BUILD, name);
        if (abs === keep || name === ".compile-cache") {
            continue;
        }
        const stat = fs.statSync(abs, { throwIfNoEntry: false });
        if (stat && now - stat.mtimeMs > PRUNE_AFTER_MS) {
            fs.rmSync(abs, { recursive: true, force: true });
        }
    }
}

/** Returns the folder of an up-to-date build, building it first when the sources changed. */
function ensureBuild() {
    const files = sourceFiles();
    const dir = path.join(BUILD, stampOf(files));
    if (!fs.existsSync(path.join(dir, "policies", "package.json"))) {
        fs.mkdirSync(BUILD, { recursive: true });
        compile(files, dir);
        prune(dir);
    }
    return dir;
}

/** Runs the compiled `entry` (a source path without extension) with `args`, building it first. */
function run(entry, args) {
    let dir;
    try {
        dir = ensureBuild();
    } catch (e) {
        process.stderr.write(`error: cannot build the offline tools: ${e.message}\n`);
        process.exit(2);
    }
    if (entry === "--build") {
        process.stdout.write(`${path.relative(ROOT, dir)}\n`);
        return;
    }
    // Node >= 22.1 caches compiled code across runs; older versions lack the API and skip it.
    const nodeModule = require("module");
    if (typeof nodeModule.enableCompileCache === "function") {
        nodeModule.enableCompileCache(path.join(BUILD, ".compile-cache"));
    }
    // @pulumi/pulumi loads TypeScript and arborist only if something uses them (tools/offline/sdk-tuning.ts).
    require(path.join(dir, "tools", "offline", "sdk-tuning.js")).deferClosureModules();
    process.argv = [process.argv[0], path.join(dir, `${entry}.js`), ...args];
    require(path.join(dir, `${entry}.js`));
}

function main() {
    const [entry, ...args] = process.argv.slice(2);
    if (!entry) {
        process.stderr.write("usage: node tools/launch.js <entry> [args...] | --build\n");
        process.exit(2);
    }
    run(entry, args);
}

module.exports = { ensureBuild, run, ROOT, BUILD };

if (require.main === module) {
    main();
}
