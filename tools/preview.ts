/**
 * `npm run preview:offline -- --stack <name> [--project <dir>] [--stack-outputs <preview.json>]
 *  [--config <file>] [--out <dir>] [--format text|json] [--policy-config <file>]
 *  [--pack inprocess|grpc] [--diff <baseline.json> | --diff-rev <rev>] [--details]
 *  [--graph mermaid|dot] [--quiet]`
 *
 * Evaluates index.ts (or another project's program, `--project`) under Pulumi's mocks with the stack's config, renders and validates the Kubernetes
 * manifests, runs the real policy pack (policies/config/<stack>.json) and prints a compact tree and a
 * closing block (tools/offline/report.ts), what changed against a baseline, or the component graph.
 * Progress goes to stderr on a terminal (tools/offline/progress.ts).
 *
 * The stack config is validated before the Pulumi SDKs load (config.ts imports none), so a typo is
 * reported in well under a second; everything heavy is required after that.
 */
import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";

import { configContext, parsePlatformConfig, rawProjectConfig } from "../config";
import { baselineFromRev, readBaseline } from "./offline/baseline";
import { EXIT, parseArgs, runMain, writeOut, UsageError } from "./offline/cli";
import { diffPreviews, type DiffableDoc } from "./offline/diff";
import { componentGraph, renderGraph, type GraphFormat } from "./offline/graph";
import { readPackConfig } from "./offline/pack-config";
import { startProgress } from "./offline/progress";
import { textReport } from "./offline/report";
import { ExternalProjectError, useExternalProject } from "./offline/external-project";
import { ProjectError, resolveProject, useWorkspaceLibrary } from "./offline/project";
import { loadStackConfig } from "./offline/stack-config";
import {
    readStackOutputs,
    StackOutputsError,
    takeStackOutputsRefusal,
} from "./offline/stack-references";

import { ROOT } from "./offline/root";

/** The command's options, as commander parses them. */
interface CliOptions {
    stack: string;
    project?: string;
    stackOutputs?: string;
    config?: string;
    policyConfig?: string;
    out: string;
    pack: "inprocess" | "grpc";
    format: "text" | "json";
    diff?: string;
    diffRev?: string;
    details?: boolean;
    graph?: GraphFormat;
    quiet?: boolean;
}

async function main(): Promise<number> {
    const program = new Command("preview:offline")
        .description("Offline preview of a stack with the policy pack (no cloud, no Pulumi CLI).")
        .requiredOption(
            "--stack <name>",
            "stack name (reads Pulumi.<name>.yaml and policies/config/<name>.json)",
        )
        .option(
            "--project <dir>",
            "another Pulumi project to preview: of the repository (e.g. examples/app-team), or any folder with its own npm install",
        )
        .option(
            "--stack-outputs <file>",
            "what the program's StackReference reads: that stack's preview:offline --format json output",
        )
        .option("--config <file>", "stack config file instead of Pulumi.<name>.yaml")
        .option(
            "--policy-config <file>",
            "policy pack config instead of policies/config/<name>.json",
        )
        .option("--out <dir>", "where rendered manifests go (<dir>/<stack>/)", "out")
        .addOption(
            new Option("--pack <route>", "how the policy pack runs")
                .choices(["inprocess", "grpc"])
                .default("inprocess"),
        )
        .addOption(
            new Option("--format <format>", "output format")
                .choices(["text", "json"])
                .default("text"),
        )
        .addOption(
            new Option(
                "--diff <baseline>",
                "show what changed against an earlier preview's --format json output",
            ).conflicts(["diffRev", "format"]),
        )
        .addOption(
            new Option(
                "--diff-rev <rev>",
                "show what changed against the preview of a git revision (e.g. origin/main)",
            ).conflicts(["format"]),
        )
        .option("--details", "list every resource, violation and output in full")
        .addOption(
            new Option("--graph <format>", "print the component graph instead of the report")
                .choices(["mermaid", "dot"])
                .conflicts(["format", "diff", "diffRev", "details"]),
        )
        .option("--quiet", "no progress on stderr")
        .allowExcessArguments(false);
    parseArgs(program, process.argv);
    const opts = program.opts<CliOptions>();
    if (!/^[A-Za-z0-9._-]+$/.test(opts.stack)) {
        throw new UsageError(
            `--stack must be a stack name (letters, digits, '.', '_', '-'), got ${JSON.stringify(opts.stack)}`,
        );
    }
    const policyConfigFile =
        opts.policyConfig ?? path.join(ROOT, "policies", "config", `${opts.stack}.json`);
    if (!opts.policyConfig && !fs.existsSync(policyConfigFile)) {
        throw new UsageError(
            `no policy config for stack ${opts.stack} (${path.relative(ROOT, policyConfigFile)}); pass --policy-config`,
        );
    }
    let recorded = () => 0;
    const progress = startProgress(process.stderr, {
        quiet: opts.quiet,
        count: () => recorded(),
    });
    try {
        progress.phase("config");
        return await preview(opts, policyConfigFile, progress, (count) => (recorded = count));
    } catch (e) {
        // A stack reference the given outputs cannot answer is a usage error (exit 2), not a program's.
        const refusal = takeStackOutputsRefusal();
        throw refusal ? new UsageError(refusal.message) : e;
    } finally {
        progress.done();
    }
}

async function preview(
    opts: CliOptions,
    policyConfigFile: string,
    progress: ReturnType<typeof startProgress>,
    onCount: (count: () => number) => void,
): Promise<number> {
    const project = asUsage(() => resolveProject(opts.project));
    const stack = loadStackConfig(project.dir, opts.stack, opts.config);
    if (project.platform) {
        // Throws ConfigError (exit 2) before the SDKs load; region and secret keys as the program sees them.
        parsePlatformConfig(
            rawProjectConfig(stack.config),
            configContext(stack.config, stack.secretKeys),
        );
    } else if (project.external) {
        asUsage(() => useExternalProject(project.dir));
    } else {
        useWorkspaceLibrary();
    }
    const stackOutputs =
        opts.stackOutputs === undefined
            ? undefined
            : asUsage(() => readStackOutputs(opts.stackOutputs!));
    const policyConfig = readPackConfig(policyConfigFile);
    let baseline: DiffableDoc | undefined;
    if (opts.diff) {
        baseline = readBaseline(opts.diff, opts.stack);
    } else if (opts.diffRev) {
        progress.phase("baseline");
        baseline = baselineFromRev(ROOT, opts.diffRev, opts.stack);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runPreview } = require("./offline/preview") as typeof import("./offline/preview");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { activeRecorder } = require("./offline/mocks") as typeof import("./offline/mocks");
    onCount(() => {
        try {
            return activeRecorder().resources.length;
        } catch {
            return 0; // the mocks are not installed yet
        }
    });
    const { result, details } = await runPreview({
        root: ROOT,
        stack,
        outDir: path.resolve(opts.out),
        policyConfig,
        policyConfigSource: path.relative(process.cwd(), policyConfigFile) || policyConfigFile,
        route: opts.pack,
        fast: true,
        project,
        stackOutputs,
        onPhase: (phase) => progress.phase(phase),
    });
    progress.done();
    let text: string;
    if (opts.graph) {
        text = renderGraph(
            componentGraph(`${stack.project}-${result.stack}`, result.resources),
            opts.graph,
        );
    } else if (opts.format === "json") {
        text = JSON.stringify(result, null, 2);
    } else {
        text = textReport(result, details, {
            details: opts.details,
            diff: baseline ? diffPreviews(baseline, result) : undefined,
            baselineName: opts.diff ?? opts.diffRev,
            baseline,
        });
    }
    await writeOut(`${text}\n`);
    return result.summary.mandatory > 0 ||
        result.schemaErrors.length > 0 ||
        result.capacity.some((g) => g.severity === "error")
        ? EXIT.violations
        : EXIT.clean;
}

/** Runs `f`, turning the errors of a bad `--project` or `--stack-outputs` into usage errors (exit 2). */
function asUsage<T>(f: () => T): T {
    try {
        return f();
    } catch (e) {
        if (
            e instanceof ProjectError ||
            e instanceof ExternalProjectError ||
            e instanceof StackOutputsError
        ) {
            throw new UsageError(e.message);
        }
        throw e;
    }
}

runMain(main);
