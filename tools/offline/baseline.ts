/**
 * The baseline a preview is compared with (`--diff <file>`, `--diff-rev <rev>`): an earlier preview's
 * `--format json` document, read from a file or made from another git revision of this repository.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { UsageError } from "./cli";
import type { DiffableDoc } from "./diff";

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Checks that `value` is a preview document of `stack` (the fields the diff reads); `source` names it
 * in errors.
 */
export function parseBaseline(value: unknown, stack: string, source: string): DiffableDoc {
    const bad = (what: string) =>
        new UsageError(`${source} is not a preview:offline --format json document: ${what}`);
    if (!isObject(value)) {
        throw bad("expected a JSON object");
    }
    if (!Array.isArray(value.resources)) {
        throw bad("resources must be an array");
    }
    value.resources.forEach((r: unknown, i) => {
        if (!isObject(r)) {
            throw bad(`resources[${i}] must be an object`);
        }
        for (const key of ["urn", "type", "name"]) {
            if (typeof r[key] !== "string") {
                throw bad(`resources[${i}].${key} must be a string`);
            }
        }
        if (!isObject(r.inputs)) {
            throw bad(`resources[${i}].inputs must be an object`);
        }
    });
    if (value.stack !== stack) {
        throw new UsageError(
            `${source} is a preview of stack ${JSON.stringify(value.stack)}, not ${JSON.stringify(stack)}`,
        );
    }
    return value as unknown as DiffableDoc;
}

/** Reads the baseline document from a file (`--diff <file>`). */
export function readBaseline(file: string, stack: string): DiffableDoc {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`--diff: cannot read ${file} (${(e as NodeJS.ErrnoException).code})`);
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (e) {
        throw new UsageError(`--diff: ${file} is not JSON (${(e as Error).message})`);
    }
    return parseBaseline(value, stack, `--diff: ${file}`);
}

function git(root: string, args: string[]): { status: number | null; stderr: string } {
    const r = spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
    return { status: r.status, stderr: r.stderr ?? "" };
}

/**
 * Makes the baseline from git revision `rev`: checks it out as a temporary worktree, runs that
 * revision's own `preview:offline --format json` for `stack` with its own stack and policy config
 * (and this checkout's node_modules: a revision with other dependencies needs its own `npm ci`), and
 * removes the worktree again.
 */
export function baselineFromRev(root: string, rev: string, stack: string): DiffableDoc {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-baseline-"));
    const tree = path.join(dir, "tree");
    try {
        const add = git(root, ["worktree", "add", "--detach", "--quiet", tree, rev]);
        if (add.status !== 0) {
            const reason = add.stderr.trim().split("\n").pop() ?? "";
            throw new UsageError(`--diff-rev: cannot check out ${JSON.stringify(rev)}: ${reason}`);
        }
        fs.symlinkSync(path.join(root, "node_modules"), path.join(tree, "node_modules"), "dir");
        const run = spawnSync(
            process.execPath,
            [
                path.join(tree, "tools", "launch.js"),
                "tools/preview",
                "--stack",
                stack,
                "--format",
                "json",
                "--out",
                path.join(dir, "out"),
            ],
            { cwd: tree, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 },
        );
        // Exit 1 (violations) still prints the whole document.
        if (run.status !== 0 && run.status !== 1) {
            const reason = (run.stderr ?? "").trim().split("\n").pop() ?? "";
            throw new UsageError(
                `--diff-rev: the preview of ${rev} failed (exit ${run.status}): ${reason}`,
            );
        }
        let value: unknown;
        try {
            value = JSON.parse(run.stdout);
        } catch {
            throw new UsageError(`--diff-rev: the preview of ${rev} printed no JSON document`);
        }
        return parseBaseline(value, stack, `--diff-rev: the preview of ${rev}`);
    } finally {
        if (fs.existsSync(tree)) {
            git(root, ["worktree", "remove", "--force", tree]);
        }
        fs.rmSync(dir, { recursive: true, force: true });
        git(root, ["worktree", "prune"]);
    }
}
