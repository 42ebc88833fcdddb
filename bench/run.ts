/**
 * `npm run bench [-- --sizes 10,100,500,1000 --runs 3 --warmup 1 --grpc-up-to 100 --heap-mb <MB>
 *  --objects 1000,20000,100000 --no-extras]`
 *
 * For each N: generates a production-derived stack with N services (+ one MLWorkload per 20), then, in
 * fresh processes, after the warm-ups, runs (a) our offline preview as the npm script does (precompiled,
 * in-process pack), (b) the same once with the gRPC pack (sizes up to `--grpc-up-to` only: at about
 * 280 resources/s that route alone takes minutes at N = 1000), and (c) the floor: the same resources
 * created by a plain program under the same mocks (floor-once.ts), precompiled too, run as plain
 * Node.js (no cost cuts of ours). Both get the same heap limit (`--max-old-space-size`): by default
 * Node's own (about 4 GB), raised for large N (16 MB per service), since N = 1000 holds about 40,000
 * resources. Then the extras (extras.ts): production end to end, a config typo's time to
 * its error and policy:check throughput. Prints a table and writes bench/results.json.
 */
import { spawnSync } from "child_process";
import { Command } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as v8 from "v8";

import { ROOT } from "../tools/offline/root";
import { runExtras } from "./extras";
import { generateStack } from "./generate";

interface Sample {
    resources: number;
    wallMs: number;
    peakRssMb: number;
    evaluateMs?: number;
    renderMs?: number;
    policyMs?: number;
    packStartMs?: number;
    mandatory?: number;
}

/** Runs a compiled script of this build: through the launcher (ours) or as plain Node.js (floor). */
function once(script: string, args: string[], launcher: boolean, heapMb: number): Sample {
    const command = [
        ...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []),
        ...(launcher
            ? [path.join(ROOT, "tools", "launch.js"), `bench/${script}`, ...args]
            : [path.join(__dirname, `${script}.js`), ...args]),
    ];
    const r = spawnSync(process.execPath, command, {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 1 << 26,
    });
    if (r.status !== 0) {
        throw new Error(`${script} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    }
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function main(): void {
    const program = new Command("bench")
        .option("--sizes <list>", "service counts", "10,100,500,1000")
        .option("--runs <n>", "measured runs per size", "3")
        .option("--warmup <n>", "unmeasured runs per size before the measured ones", "1")
        .option("--grpc-up-to <n>", "run the gRPC route once only at sizes up to this", "100")
        .option(
            "--heap-mb <n>",
            "heap limit of every measured process (default: Node's, or 16 MB per service when larger)",
        )
        .option("--objects <list>", "policy:check object counts", "1000,20000,100000")
        .option("--no-extras", "skip end-to-end, config-error and policy:check runs");
    program.parse(process.argv);
    const opts = program.opts<{
        sizes: string;
        runs: string;
        warmup: string;
        grpcUpTo: string;
        heapMb?: string;
        objects: string;
        extras: boolean;
    }>();
    const sizes = opts.sizes.split(",").map(Number);
    const runs = Number(opts.runs);
    const warmup = Number(opts.warmup);
    const numbers = [runs, warmup, Number(opts.grpcUpTo), ...sizes];
    if (numbers.some((x) => !Number.isInteger(x) || x < 0) || runs < 1) {
        program.error(
            "--sizes, --runs, --warmup and --grpc-up-to take whole numbers (--runs >= 1)",
        );
    }
    /** Node's default heap limit, in MB, and the one each size gets. */
    const nodeHeapMb = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
    const heapFor = (n: number) =>
        opts.heapMb !== undefined ? Number(opts.heapMb) : 16 * n > nodeHeapMb ? 16 * n : 0; // Node's own
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const rows = [];
    for (const n of sizes) {
        const stackFile = path.join(work, `Pulumi.bench-${n}.yaml`);
        const out = path.join(work, `out-${n}`);
        generateStack(ROOT, n, stackFile);
        const ours: Sample[] = [];
        const floor: Sample[] = [];
        const heapMb = heapFor(n);
        for (let i = 0; i < warmup + runs; i++) {
            const a = once("preview-once", [stackFile, out, "inprocess"], true, heapMb);
            const b = once("floor-once", [path.join(out, "production")], false, heapMb);
            if (i >= warmup) {
                ours.push(a); // warm-up runs fill module caches and the build
                floor.push(b);
            }
            process.stderr.write(
                `N=${n} run ${i}${i < warmup ? " (warm-up)" : ""}: ours ${round(a.wallMs / 1000)} s, floor ${round(b.wallMs / 1000)} s\n`,
            );
        }
        const grpc =
            n <= Number(opts.grpcUpTo)
                ? once("preview-once", [stackFile, out, "grpc"], true, heapMb)
                : undefined;
        const wall = ours.map((s) => s.wallMs / 1000);
        const floorWall = floor.map((s) => s.wallMs / 1000);
        const policyMs = median(ours.map((s) => s.policyMs!));
        const row = {
            services: n,
            resources: ours[0].resources,
            floorResources: floor[0].resources,
            wallSeconds: round(median(wall)),
            wallMinSeconds: round(Math.min(...wall)),
            wallMaxSeconds: round(Math.max(...wall)),
            peakRssMb: round(median(ours.map((s) => s.peakRssMb)), 0),
            floorWallSeconds: round(median(floorWall)),
            floorPeakRssMb: round(median(floor.map((s) => s.peakRssMb)), 0),
            evaluateSeconds: round(median(ours.map((s) => s.evaluateMs!)) / 1000),
            renderSeconds: round(median(ours.map((s) => s.renderMs!)) / 1000),
            policySeconds: round(policyMs / 1000),
            policyResourcesPerSecond: round(ours[0].resources / (policyMs / 1000), 0),
            grpcPolicySeconds: grpc ? round(grpc.policyMs! / 1000) : null,
            grpcPolicyResourcesPerSecond: grpc
                ? round(grpc.resources / (grpc.policyMs! / 1000), 0)
                : null,
            heapLimitMb: heapMb || round(nodeHeapMb, 0),
            mandatoryViolations: ours[0].mandatory,
        };
        rows.push({
            ...row,
            wallRatio: round(row.wallSeconds / row.floorWallSeconds),
            rssRatio: round(row.peakRssMb / row.floorPeakRssMb),
        });
    }
    const extras = opts.extras
        ? runExtras(work, runs, opts.objects.split(",").map(Number))
        : undefined;
    const results = {
        machine: {
            cpus: os.cpus().length,
            cpuModel: os.cpus()[0]?.model,
            memoryGb: round(os.totalmem() / 2 ** 30, 1),
            node: process.version,
            loadAverage1m: round(os.loadavg()[0], 1),
        },
        runs,
        warmup,
        rows,
        ...(extras ? { extras } : {}),
    };
    fs.writeFileSync(
        path.join(ROOT, "bench", "results.json"),
        `${JSON.stringify(results, null, 2)}\n`,
    );
    const header = [
        "N",
        "resources",
        "wall s (min-max)",
        "floor s",
        "ratio",
        "RSS MB",
        "floor MB",
        "ratio",
        "eval s",
        "render s",
        "policy s",
        "policy res/s",
        "gRPC res/s",
    ];
    console.log(header.join(" | "));
    for (const r of rows) {
        console.log(
            [
                r.services,
                r.resources,
                `${r.wallSeconds} (${r.wallMinSeconds}-${r.wallMaxSeconds})`,
                r.floorWallSeconds,
                r.wallRatio,
                r.peakRssMb,
                r.floorPeakRssMb,
                r.rssRatio,
                r.evaluateSeconds,
                r.renderSeconds,
                r.policySeconds,
                r.policyResourcesPerSecond,
                r.grpcPolicyResourcesPerSecond,
            ].join(" | "),
        );
    }
    if (extras) {
        console.log(JSON.stringify(extras, null, 2));
    }
    fs.rmSync(work, { recursive: true, force: true });
}

main();
