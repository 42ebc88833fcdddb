/**
 * The checker's command line, parsed with commander (errors are usage errors, exit 2).
 */
import { Command, CommanderError, Option } from "commander";

import { UsageError } from "../offline/cli";
import { STDIN_NAME } from "./inputs";

/** The parsed command line. */
export interface CheckerOptions {
    readonly paths: string[];
    /** `--config` (or its older name `--policy-config`); undefined when neither is given. */
    readonly config?: string;
    readonly format: "text" | "json" | "sarif";
    readonly pack: "inprocess" | "grpc";
    readonly skipHooks: boolean;
    readonly stdinName: string;
}

/** The command, for parsing and for `--help`. */
export function checkerCommand(): Command {
    return new Command("policy-check")
        .description(
            "Check plain Kubernetes manifests (Kustomize output, helm template) with the policy pack.",
        )
        .argument("<paths...>", "YAML files or folders, relative to this folder; - reads stdin")
        .option(
            "--config <stack|file>",
            "policy config: a stack's (staging, production) or a JSON file (default: production, announced)",
        )
        .addOption(new Option("--policy-config <file>", "older name of --config").hideHelp())
        .addOption(
            new Option("--format <format>", "output format")
                .choices(["text", "json", "sarif"])
                .default("text"),
        )
        .addOption(
            new Option("--pack <route>", "how the policy pack runs")
                .choices(["inprocess", "grpc"])
                .default("inprocess"),
        )
        .option("--skip-hooks", "leave out Helm hooks (objects annotated helm.sh/hook)", false)
        .option("--stdin-name <name>", "the name stdin's findings are reported under", STDIN_NAME);
}

/**
 * Parses `argv` (the arguments only, without node and the script). Returns undefined when help was
 * printed (through `write`).
 */
export function parseCheckerArgs(
    argv: readonly string[],
    write: (text: string) => void,
): CheckerOptions | undefined {
    const program = checkerCommand();
    program.exitOverride();
    program.configureOutput({ writeOut: write, writeErr: () => undefined });
    try {
        program.parse([...argv], { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) {
            if (e.code === "commander.helpDisplayed" || e.code === "commander.version") {
                return undefined;
            }
            throw new UsageError(e.message.replace(/^error: /, ""));
        }
        throw e;
    }
    const o = program.opts<{
        config?: string;
        policyConfig?: string;
        format: CheckerOptions["format"];
        pack: CheckerOptions["pack"];
        skipHooks: boolean;
        stdinName: string;
    }>();
    if (o.config !== undefined && o.policyConfig !== undefined) {
        throw new UsageError("give --config or its older name --policy-config, not both");
    }
    return {
        paths: program.args,
        config: o.config ?? o.policyConfig,
        format: o.format,
        pack: o.pack,
        skipHooks: o.skipHooks,
        stdinName: o.stdinName,
    };
}
