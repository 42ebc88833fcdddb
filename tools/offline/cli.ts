/**
 * Shared command-line plumbing: exit codes of the contract and one-line error reporting.
 */
import { Command, CommanderError } from "commander";

import { StackConfigFileError } from "./stack-config";
import { PackConfigError } from "./pack-config";

/** Exit codes: 0 clean, 1 mandatory violation or schema error, 2 invalid config or usage. */
export const EXIT = { clean: 0, violations: 1, usage: 2 } as const;

/** A usage error (bad flags or arguments). */
export class UsageError extends Error {}

export function isUsageError(e: unknown): boolean {
    return (
        e instanceof UsageError ||
        e instanceof StackConfigFileError ||
        e instanceof PackConfigError ||
        (e instanceof Error && (e.name === "ConfigError" || e.constructor.name === "ConfigError"))
    );
}

/** Parses argv with commander, turning its errors into usage errors (exit 2). */
export function parseArgs(program: Command, argv: string[]): void {
    program.exitOverride();
    program.configureOutput({ writeErr: () => undefined });
    try {
        program.parse(argv);
    } catch (e) {
        if (e instanceof CommanderError) {
            if (e.code === "commander.helpDisplayed" || e.code === "commander.version") {
                process.exit(0);
            }
            throw new UsageError(e.message.replace(/^error: /, ""));
        }
        throw e;
    }
}

/** Writes to stdout and resolves once the data is flushed (a pipe may otherwise be cut at exit). */
export function writeOut(text: string): Promise<void> {
    return new Promise((resolve, reject) =>
        process.stdout.write(text, (err) => (err ? reject(err) : resolve())),
    );
}

/** Runs a command's main function and exits with its code; errors print one line, never a stack. */
export function runMain(main: () => Promise<number>): void {
    const fail = (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        process.stderr.write(`error: ${message}\n`);
        process.exit(isUsageError(e) ? EXIT.usage : EXIT.violations);
    };
    // The Pulumi runtime also surfaces a failing program as an unhandled rejection; report it once.
    process.on("unhandledRejection", fail);
    process.on("uncaughtException", fail);
    main().then((code) => process.exit(code), fail);
}
