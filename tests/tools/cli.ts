/**
 * Runs the project's commands as a user would (a child process each) and captures their output.
 */
import { spawnSync } from "child_process";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Result of one command run. */
export interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `tools/<script>.ts` with arguments, from the repository root. */
export function runTool(script: "preview" | "policy-check" | "conformance", args: string[]): Run {
    const r = spawnSync(
        process.execPath,
        [
            "-r",
            "ts-node/register/transpile-only",
            path.join(ROOT, "tools", `${script}.ts`),
            ...args,
        ],
        {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, NO_COLOR: "1" },
            timeout: 60_000,
        },
    );
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Pids of policy-pack processes still running (there must be none after a command ends). */
export function runningPacks(): string[] {
    const r = spawnSync("pgrep", ["-f", "run-policy-pack"], { encoding: "utf8" });
    return r.stdout.split("\n").filter(Boolean);
}
