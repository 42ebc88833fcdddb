/**
 * Runs the checker's `main(argv, io)` in this process with a fake io, for tests that need many runs.
 */
import { main } from "../../../tools/checker/main";

/** What one in-process run printed and returned. */
export interface InProcessRun {
    readonly code: number;
    readonly out: string;
    readonly err: string;
}

/** Runs `main` from folder `cwd`, with `stdin` as standard input. */
export async function runChecker(
    argv: readonly string[],
    cwd: string,
    stdin = "",
): Promise<InProcessRun> {
    let out = "";
    let err = "";
    const code = await main(argv, {
        cwd,
        readStdin: async () => stdin,
        out: async (text) => {
            out += text;
        },
        err: (text) => {
            err += text;
        },
    });
    return { code, out, err };
}
