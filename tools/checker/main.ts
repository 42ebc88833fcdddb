/**
 * The checker's entry: `main(argv, io)` runs one check and returns the exit code (0 clean, 1 a
 * mandatory finding, 2 a usage error or an input that could not be read or parsed). It touches the
 * process only through `io`, so the same module serves the command line (tools/policy-check.ts, the
 * `policy-check` bin) and tests.
 */
import * as path from "path";

import { InputError } from "../offline/check";
import { EXIT, isUsageError } from "../offline/cli";
import { readPackConfig, startPolicyPack } from "../offline/pack";
import { parseCheckerArgs } from "./args";
import { choosePolicyConfig, describeChoice } from "./config";
import { resolveInputs } from "./inputs";
import { CheckerIo } from "./io";
import { runCheck } from "./run";
import { toSarif } from "./sarif";
import { exitCode, summarize } from "./summary";
import { textReport } from "./text-report";

export type { CheckerIo } from "./io";

/** Runs the checker with `argv` (arguments only) and returns its exit code. */
export async function main(argv: readonly string[], io: CheckerIo): Promise<number> {
    try {
        return await check(argv, io);
    } catch (e) {
        if (isUsageError(e)) {
            io.err(`error: ${(e as Error).message}\n`);
            return EXIT.usage;
        }
        throw e;
    }
}

async function check(argv: readonly string[], io: CheckerIo): Promise<number> {
    let help = "";
    const opts = parseCheckerArgs(argv, (text) => (help += text));
    if (!opts) {
        await io.out(help);
        return EXIT.clean;
    }
    const config = choosePolicyConfig(opts.config, io.cwd);
    if (!config.explicit) {
        io.err(`${describeChoice(config)}\n`);
    }
    const packConfig = readPackConfig(config.absolute);
    const stdinText = opts.paths.includes("-") ? await io.readStdin() : undefined;
    const inputs = resolveInputs(opts.paths, io.cwd, { name: opts.stdinName, text: stdinText });
    const pack = await startPolicyPack({
        route: opts.pack,
        config: packConfig,
        configSource: config.file,
    });
    try {
        const report = await runCheck(inputs, pack, { skipHooks: opts.skipHooks });
        const summary = summarize(report);
        for (const e of report.errors) {
            io.err(`error ${describeError(e)}\n`);
        }
        const uriOf = (file: string) =>
            encodeURI(
                inputs.absolute.has(file)
                    ? path.relative(io.cwd, inputs.absolute.get(file)!).split(path.sep).join("/")
                    : file.split(path.sep).join("/"),
            );
        if (opts.format === "json") {
            const { name, file, explicit } = config;
            const doc = {
                config: { name, file, explicit },
                results: report.results,
                skippedHooks: report.skippedHooks,
                errors: report.errors,
                withoutSchema: report.withoutSchema,
                summary,
            };
            await io.out(`${JSON.stringify(doc, null, 2)}\n`);
        } else if (opts.format === "sarif") {
            await io.out(`${JSON.stringify(toSarif(report, pack, config, uriOf), null, 2)}\n`);
        } else {
            await io.out(textReport(report, summary, config));
        }
        return exitCode(summary);
    } finally {
        await pack.stop();
    }
}

function describeError(e: InputError): string {
    return `${e.file}${e.doc !== undefined ? ` (document ${e.doc})` : ""}: ${e.message}`;
}
