/**
 * What the checker needs from its process, passed in so that `main` runs the same from the command
 * line, a test or another package's launcher.
 */
import { writeOut } from "../offline/cli";

/** The checker's view of its process. */
export interface CheckerIo {
    /** The caller's folder: relative paths resolve against it. */
    readonly cwd: string;
    /** Reads all of standard input (only called when an input is `-`). */
    readonly readStdin: () => Promise<string>;
    /** Writes to standard output, resolving once flushed. */
    readonly out: (text: string) => Promise<void>;
    /** Writes to standard error. */
    readonly err: (text: string) => void;
}

/**
 * The caller's folder: where the command was typed. `npm run` starts scripts in the package's root and
 * records the caller's folder in INIT_CWD; only this repository's own `policy:check` script uses it,
 * so the checker run as a `bin` from another package's scripts keeps npm's usual folder.
 *
 * @see https://docs.npmjs.com/cli/v10/commands/npm-run-script (INIT_CWD)
 */
export function callerFolder(env: NodeJS.ProcessEnv, cwd: string): string {
    const ownScript =
        env.npm_lifecycle_event === "policy:check" &&
        env.npm_package_name === "supply-chain-platform";
    return ownScript && env.INIT_CWD ? env.INIT_CWD : cwd;
}

/** The real process's streams and folder. */
export function processIo(): CheckerIo {
    return {
        cwd: callerFolder(process.env, process.cwd()),
        readStdin: async () => {
            const chunks: Buffer[] = [];
            for await (const chunk of process.stdin) {
                chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
            }
            return Buffer.concat(chunks).toString("utf8");
        },
        out: writeOut,
        err: (text) => {
            process.stderr.write(text);
        },
    };
}
