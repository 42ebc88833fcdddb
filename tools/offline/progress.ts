/**
 * Progress of a preview on stderr: the phase, the resources registered so far and the time taken, on
 * one line rewritten in place. Only on a terminal and without `--quiet`: in CI logs, pipes and files
 * it writes nothing at all. A timer redraws the line; nothing runs per resource, so it does not slow
 * the preview down.
 */
import type { PreviewPhase } from "./preview";

/** Where progress goes (process.stderr). */
export interface ProgressStream {
    readonly isTTY?: boolean;
    write(chunk: string): boolean;
}

/** Options of {@link startProgress}. */
export interface ProgressOptions {
    /** `--quiet`: report nothing. @default false */
    readonly quiet?: boolean;
    /** Resources registered so far. @default none shown */
    readonly count?: () => number;
    /** How often the line is redrawn. @default 100 */
    readonly intervalMs?: number;
    /** The clock (tests). @default Date.now */
    readonly now?: () => number;
}

/** A running progress line. */
export interface Progress {
    /** A phase starts. */
    phase(phase: PreviewPhase | "baseline"): void;
    /** Erases the line and stops redrawing; call before printing the report or an error. */
    done(): void;
}

const PHASES: readonly PreviewPhase[] = ["config", "evaluate", "render", "schema", "policy"];
const SILENT: Progress = { phase: () => undefined, done: () => undefined };
const CLEAR = "\r\u001b[K";

/** Starts reporting progress on `stream`; silent unless it is a terminal and not `quiet`. */
export function startProgress(stream: ProgressStream, options: ProgressOptions = {}): Progress {
    if (stream.isTTY !== true || options.quiet) {
        return SILENT;
    }
    const now = options.now ?? Date.now;
    const start = now();
    let current: PreviewPhase | "baseline" | undefined;
    const draw = () => {
        if (!current) {
            return;
        }
        const n = options.count?.() ?? 0;
        const seconds = ((now() - start) / 1000).toFixed(1);
        const step = PHASES.indexOf(current as PreviewPhase) + 1;
        stream.write(
            `${CLEAR}${step > 0 ? `[${step}/${PHASES.length}] ` : ""}${current}` +
                (n > 0 ? `: ${n} resources registered` : "") +
                `  ${seconds}s`,
        );
    };
    const timer = setInterval(draw, options.intervalMs ?? 100);
    timer.unref();
    return {
        phase: (p) => {
            current = p;
            draw();
        },
        done: () => {
            clearInterval(timer);
            if (current) {
                stream.write(CLEAR);
                current = undefined;
            }
        },
    };
}
