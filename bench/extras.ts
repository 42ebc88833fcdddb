/**
 * Benchmark scenarios beyond the preview-vs-floor table: the production stack end to end, a config
 * typo's time to its error, and `policy:check` throughput, each as a user runs it
 * (`node tools/launch.js ...`, the npm scripts' command) in a fresh process.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";

import { ROOT } from "../tools/offline/root";

/**
 * The Node flags the npm script that runs `entry` gives Node (`node <flags> tools/launch.js <entry>`
 * in package.json): `policy:check` starts with a 32 MB young generation (Node's default is 16 MB),
 * which halves the scavenges of YAML parsing (measured 12-15% less CPU on 20,000 objects; no gain for
 * the preview, whose script has no flags).
 */
export function scriptNodeFlags(entry: string): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
    };
    for (const command of Object.values(pkg.scripts)) {
        const words = command.split(/\s+/);
        const launch = words.indexOf("tools/launch.js");
        if (words[0] === "node" && launch > 0 && words[launch + 1] === entry) {
            return words.slice(1, launch);
        }
    }
    throw new Error(`no npm script runs ${entry}`);
}

/** Wall seconds of one command run as its npm script runs it, with its exit status. */
export function timeCommand(args: string[]): { seconds: number; status: number | null } {
    const t0 = process.hrtime.bigint();
    const launch = path.join(ROOT, "tools", "launch.js");
    const r = spawnSync(process.execPath, [...scriptNodeFlags(args[0]), launch, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1 << 28,
        env: { ...process.env, NO_COLOR: "1" },
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status === null || r.status > 2) {
        throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    }
    return { seconds, status: r.status };
}

/**
 * Writes `count` objects of compliant services (copies of the good fixture, each renamed with its
 * labels and selectors) into one file.
 */
export function writeManifestSet(count: number, file: string): void {
    const text = fs.readFileSync(
        path.join(ROOT, "tests", "fixtures", "manifests", "good", "inventory.yaml"),
        "utf8",
    );
    const docs: string[] = [];
    for (let i = 0; docs.length < count; i++) {
        for (const d of parseAllDocuments(text.replaceAll("inventory", `inventory-${i}`))) {
            if (docs.length < count) {
                docs.push(stringify(d.toJS()));
            }
        }
    }
    fs.writeFileSync(file, docs.join("---\n"));
}

/** A copy of the production stack with one typo (`environment: prodution`). */
export function writeTypoStack(file: string): void {
    const text = fs.readFileSync(path.join(ROOT, "Pulumi.production.yaml"), "utf8");
    const typo = text.replace(
        /^(\s*supply-chain-platform:environment:\s*)production\s*$/m,
        "$1prodution",
    );
    if (typo === text) {
        throw new Error("Pulumi.production.yaml has no environment line to break");
    }
    fs.writeFileSync(file, typo);
}

/**
 * A copy of the production stack whose `order` service gets a config value of about 80 KB built to
 * make backtracking expressions explode (`eyJ`, `a:` and `://` runs), ending in a GitHub token: the
 * credential check must read all of it and refuse it (exit 2) in linear time. (A larger value would
 * be refused first for its size: the CLI hands the whole config to the program in one environment
 * variable, at most 128 KiB on Linux; the checker's own megabyte inputs are in its unit tests.)
 */
export function writeLargeValueStack(file: string): void {
    const text = fs.readFileSync(path.join(ROOT, "Pulumi.production.yaml"), "utf8");
    const hostile = ["eyJ", "a:", "://", "a=", "bearer "]
        .map((unit) => unit.repeat(Math.ceil(16_000 / unit.length)))
        .join(" ");
    const value = `${hostile} ghp_${"a1B2".repeat(9)}`;
    const large = text.replace(
        /^(\s*)LOG_LEVEL: INFO\s*$/m,
        `$1LOG_LEVEL: INFO\n$1RELEASE_NOTES: "${value}"`,
    );
    if (large === text) {
        throw new Error("Pulumi.production.yaml has no LOG_LEVEL line to extend");
    }
    fs.writeFileSync(file, large);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Runs the extra scenarios `runs` times each (after one warm-up) and returns their medians. */
export function runExtras(work: string, runs: number, objectCounts: readonly number[]) {
    const measure = (args: string[], expect: number) => {
        const times: number[] = [];
        for (let i = 0; i <= runs; i++) {
            const r = timeCommand(args);
            if (r.status !== expect) {
                throw new Error(`${args.join(" ")}: exit ${r.status}, expected ${expect}`);
            }
            if (i > 0) {
                times.push(r.seconds);
            }
        }
        return round(median(times));
    };
    const out = path.join(work, "out-extras");
    const production = measure(["tools/preview", "--stack", "production", "--out", out], 0);
    const productionGrpc = measure(
        ["tools/preview", "--stack", "production", "--out", out, "--pack", "grpc"],
        0,
    );
    const typo = path.join(work, "Pulumi.typo.yaml");
    writeTypoStack(typo);
    const configError = measure(
        ["tools/preview", "--stack", "production", "--config", typo, "--out", out],
        2,
    );
    const large = path.join(work, "Pulumi.large-value.yaml");
    writeLargeValueStack(large);
    const largeValueError = measure(
        ["tools/preview", "--stack", "production", "--config", large, "--out", out],
        2,
    );
    // The checker as a user runs it (the npm script's Node flags, the launcher, the explicit
    // production config), each count in fresh processes: end-to-end wall time, peak RSS and the
    // process's CPU time (user + system, start-up included), whose rate is the one to compare on a
    // shared machine, where other work stretches wall time but not CPU time.
    const policyCheck = objectCounts.map((objects) => {
        const file = path.join(work, `objects-${objects}.yaml`);
        writeManifestSet(objects, file);
        const samples: { seconds: number; peakRssMb: number; cpuSeconds: number }[] = [];
        for (let i = 0; i <= runs; i++) {
            const t0 = process.hrtime.bigint();
            const r = spawnSync(
                process.execPath,
                [
                    ...scriptNodeFlags("tools/policy-check"),
                    path.join(ROOT, "tools", "launch.js"),
                    "bench/check-once",
                    "--config",
                    "production",
                    file,
                ],
                { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 },
            );
            const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
            const line = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
                code?: number;
                objects?: number;
                peakRssMb?: number;
                cpuMs?: number;
            };
            if (r.status !== 0 || line.code !== 0 || line.objects !== objects) {
                throw new Error(`policy-check on ${objects} objects: ${r.stdout} ${r.stderr}`);
            }
            if (i > 0) {
                samples.push({
                    seconds,
                    peakRssMb: line.peakRssMb ?? 0,
                    cpuSeconds: (line.cpuMs ?? 0) / 1000,
                });
            }
        }
        const seconds = round(median(samples.map((s) => s.seconds)));
        const cpuSeconds = round(median(samples.map((s) => s.cpuSeconds)));
        return {
            objects,
            seconds,
            objectsPerSecond: round(objects / seconds, 0),
            cpuSeconds,
            objectsPerCpuSecond: round(objects / cpuSeconds, 0),
            peakRssMb: round(median(samples.map((s) => s.peakRssMb)), 0),
        };
    });
    return {
        productionEndToEndSeconds: production,
        productionEndToEndGrpcSeconds: productionGrpc,
        configErrorSeconds: configError,
        largeValueErrorSeconds: largeValueError,
        policyCheck,
    };
}
