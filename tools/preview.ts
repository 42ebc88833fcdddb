/**
 * `npm run preview:offline -- --stack <name> [--config <file>] [--out <dir>] [--format text|json]
 *  [--policy-config <file>] [--pack inprocess|grpc]`
 *
 * Evaluates index.ts under Pulumi's mocks with the stack's config, renders and validates the Kubernetes
 * manifests, runs the real policy pack (policies/config/<stack>.json) and prints a tree and summary.
 *
 * The stack config is validated before the Pulumi SDKs load (config.ts imports none), so a typo is
 * reported in well under a second; everything heavy is required after that.
 */
import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";

import { configContext, parsePlatformConfig, rawProjectConfig } from "../config";
import { EXIT, parseArgs, runMain, writeOut, UsageError } from "./offline/cli";
import { readPackConfig } from "./offline/pack-config";
import type { PreviewDetails, PreviewResult } from "./offline/preview";
import { loadStackConfig } from "./offline/stack-config";
import { bold, countBy, dim, green, level, red, yellow } from "./offline/text";

import { ROOT } from "./offline/root";

function tree(result: PreviewResult): string[] {
    const children = new Map<string | undefined, PreviewResult["resources"]>();
    const known = new Set(result.resources.map((r) => r.urn));
    for (const r of result.resources) {
        const parent = r.parent && known.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const violated = new Map(countBy(result.violations, (v) => v.urn));
    const lines = [`+ pulumi:pulumi:Stack  ${dim(`supply-chain-platform-${result.stack}`)}`];
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const mark = violated.has(r.urn)
                ? ` ${red(`(${violated.get(r.urn)} violation(s))`)}`
                : "";
            lines.push(`${"   ".repeat(depth)}+ ${r.type}  ${r.name}${mark}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(undefined, 1);
    return lines;
}

function textReport(result: PreviewResult, details: PreviewDetails): string {
    const out: string[] = [
        bold(
            `Previewing stack ${result.stack} offline (Pulumi mocks, policy pack ${details.pack.name}@${details.pack.version}, ${details.pack.route})`,
        ),
        "",
        ...tree(result),
        "",
    ];
    if (result.violations.length > 0) {
        out.push(bold("Policy violations:"));
        for (const v of result.violations) {
            out.push(
                `  ${level(v.enforcementLevel)} [${v.policy}] ${v.urn.split("::").pop()}`,
                `      ${v.message}`,
            );
        }
        out.push("");
    }
    if (result.schemaErrors.length > 0) {
        out.push(
            bold("Schema errors:"),
            ...result.schemaErrors.map((e) => `  ${red("error")} ${e.message}`),
            "",
        );
    }
    out.push(
        bold(
            "Capacity (requests with sidecars, add-ons and DaemonSets; pods against the VPC CNI limit):",
        ),
    );
    for (const g of result.capacity) {
        const at = (s: typeof g.atMaximum) =>
            `${s.requested.cpu.toFixed(1)}/${s.capacity.cpu.toFixed(1)} vCPU, ${s.requested.memoryGiB.toFixed(1)}/${s.capacity.memoryGiB.toFixed(1)} GiB, ${s.requested.pods}/${s.capacity.pods} pods on ${s.nodes} node(s)`;
        out.push(
            g.warning
                ? `  ${g.severity === "error" ? red("error") : yellow("warning")} ${g.warning}`
                : `  ${g.group}: max ${at(g.atMaximum)}; min ${at(g.atMinimum)}`,
        );
    }
    if (details.datastores.length > 0) {
        out.push(bold("Data stores (estimated on-demand cost):"));
        for (const d of details.datastores) {
            out.push(
                `  ${d.name}: ${d.engine}, ${d.nodes} x ${d.instanceClass}${d.storageGiB ? `, ${d.storageGiB} GiB gp3` : ""}, ${d.monthlyUsd === undefined ? "price unknown" : `~$${d.monthlyUsd.toFixed(0)}/month`}`,
            );
        }
        const total = details.datastores.reduce((s, d) => s + (d.monthlyUsd ?? 0), 0);
        out.push(`  total: ~$${total.toFixed(0)}/month`);
    }
    const usd = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
    out.push(
        bold(
            `Cost (estimate, ${result.cost.region} prices of ${result.cost.date}): ${usd(result.cost.totals.monthlyUsd)}/month at desired size, ${usd(result.cost.totals.atMaxUsd)} at maximum`,
        ),
        ...(result.cost.seed ?? []).map(
            (r) =>
                `  ${r.label}: seed ${usd(r.seedUsd)}, estimate ${usd(r.estimateUsd)}${r.note ? ` (${r.note})` : ""}`,
        ),
    );
    const byComponent = countBy(
        result.resources.filter((r) => r.parent),
        (r) => r.parent!.split("::").pop()!,
    );
    out.push(
        "",
        bold("Summary:"),
        `  ${result.summary.resources} resources`,
        ...countBy(result.resources, (r) => r.type).map(
            ([t, n]) => `    ${String(n).padStart(4)}  ${t}`,
        ),
        `  by component: ${byComponent.map(([c, n]) => `${c} ${n}`).join(", ")}`,
        `  policy: ${result.summary.mandatory ? red(`${result.summary.mandatory} mandatory`) : green("0 mandatory")}, ${result.summary.advisory} advisory`,
        `  manifests: ${details.files.length} file(s) in ${path.relative(process.cwd(), details.outDir) || "."}, ${details.schema.validated} object(s) valid against upstream schemas` +
            (details.schema.withoutSchema.length
                ? `, no upstream schema for ${details.schema.withoutSchema.join(", ")}`
                : "") +
            (result.schemaErrors.length
                ? `, ${red(`${result.schemaErrors.length} schema error(s)`)}`
                : ""),
        dim(
            `  time: evaluate ${details.timings.evaluateMs} ms, render+validate ${details.timings.renderMs} ms, policy ${details.timings.policyMs} ms (pack start ${details.pack.startMs} ms, ${details.pack.route})`,
        ),
    );
    return out.join("\n");
}

async function main(): Promise<number> {
    const program = new Command("preview:offline")
        .description("Offline preview of a stack with the policy pack (no cloud, no Pulumi CLI).")
        .requiredOption(
            "--stack <name>",
            "stack name (reads Pulumi.<name>.yaml and policies/config/<name>.json)",
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
        .allowExcessArguments(false);
    parseArgs(program, process.argv);
    const opts = program.opts<{
        stack: string;
        config?: string;
        policyConfig?: string;
        out: string;
        pack: "inprocess" | "grpc";
        format: "text" | "json";
    }>();
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
    const stack = loadStackConfig(ROOT, opts.stack, opts.config);
    // Throws ConfigError (exit 2) before the SDKs load; region and secret keys as the program sees them.
    parsePlatformConfig(
        rawProjectConfig(stack.config),
        configContext(stack.config, stack.secretKeys),
    );
    const policyConfig = readPackConfig(policyConfigFile);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runPreview } = require("./offline/preview") as typeof import("./offline/preview");
    const { result, details } = await runPreview({
        root: ROOT,
        stack,
        outDir: path.resolve(opts.out),
        policyConfig,
        policyConfigSource: path.relative(process.cwd(), policyConfigFile) || policyConfigFile,
        route: opts.pack,
        fast: true,
    });
    await writeOut(
        opts.format === "json"
            ? `${JSON.stringify(result, null, 2)}\n`
            : `${textReport(result, details)}\n`,
    );
    return result.summary.mandatory > 0 ||
        result.schemaErrors.length > 0 ||
        result.capacity.some((g) => g.severity === "error")
        ? EXIT.violations
        : EXIT.clean;
}

runMain(main);
