/**
 * Runs the project's commands as a user would (a child process each) and captures their output.
 */
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

import type { InputError } from "../../tools/offline/check";
import type { CheckReport } from "../../tools/checker/run";
import type { toSarif } from "../../tools/checker/sarif";
import type { CheckSummary } from "../../tools/checker/summary";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Marks the processes this test run starts (inherited by the policy packs the commands spawn). */
const RUN_MARKER = `PLATFORM_TEST_RUN=${crypto.randomUUID()}`;

/** Result of one command run. */
export interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** The document `policy-check --format json` prints (tools/checker/main.ts). */
export interface PolicyCheckReport {
    readonly config: { readonly name: string; readonly file: string; readonly explicit: boolean };
    readonly results: CheckReport["results"];
    readonly skippedHooks: CheckReport["skippedHooks"];
    readonly errors: InputError[];
    readonly withoutSchema: string[];
    readonly summary: CheckSummary;
}

/** The document `policy-check --format sarif` prints. */
export type SarifReport = ReturnType<typeof toSarif>;

/** Runs `tools/<script>.ts` precompiled, as the npm scripts do, from the repository root. */
export function runTool(
    script: "preview" | "policy-check" | "conformance",
    args: string[],
    timeoutMs = 60_000,
): Run {
    const r = spawnSync(
        process.execPath,
        [path.join(ROOT, "tools", "launch.js"), `tools/${script}`, ...args],
        {
            cwd: ROOT,
            encoding: "utf8",
            env: {
                ...process.env,
                NO_COLOR: "1",
                [RUN_MARKER.split("=")[0]]: RUN_MARKER.split("=")[1],
            },
            timeout: timeoutMs,
            // The JSON of a generated 20-service stack is about 1.5 MB; spawnSync's default 1 MiB
            // buffer would kill the child (status null) before it finishes.
            maxBuffer: 64 * 1024 * 1024,
        },
    );
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Pids of policy-pack processes started by this test run that are still running (there must be none
 * after a command ends). Packs of other processes on the machine are not counted.
 */
export function runningPacks(): string[] {
    const r = spawnSync("pgrep", ["-f", "run-policy-pack"], { encoding: "utf8" });
    return r.stdout
        .split("\n")
        .filter(Boolean)
        .filter((pid) => {
            try {
                return fs
                    .readFileSync(`/proc/${pid}/environ`, "utf8")
                    .split("\0")
                    .includes(RUN_MARKER);
            } catch {
                return false; // gone, or not ours to read
            }
        });
}
