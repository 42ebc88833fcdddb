/**
 * `npm run policy:check -- [--format text|json|sarif] [--policy-config <file>] [--pack inprocess|grpc]
 *  <files or dirs...>`
 *
 * Checks plain Kubernetes manifests (Kustomize output, Helm templates) with the real policy pack.
 * Exit 0 clean, 1 mandatory violations, 2 usage errors or inputs that could not be read or parsed.
 * Input errors go to stderr in every format (and into the JSON document's `errors`).
 */
import { Command, Option } from "commander";
import * as path from "path";

import { checkObjects, expandInputs, readManifests } from "./offline/check";
import { EXIT, parseArgs, runMain, writeOut } from "./offline/cli";
import { readPackConfig, startPolicyPack } from "./offline/pack";
import { toSarif } from "./offline/sarif";
import { bold, green, level, red } from "./offline/text";

import { ROOT } from "./offline/root";

async function main(): Promise<number> {
    const program = new Command("policy:check")
        .description("Check plain Kubernetes manifests with the policy pack.")
        .argument("<paths...>", "YAML files or directories")
        .option(
            "--policy-config <file>",
            "policy pack config",
            path.join(ROOT, "policies", "config", "production.json"),
        )
        .addOption(
            new Option("--format <format>", "output format")
                .choices(["text", "json", "sarif"])
                .default("text"),
        )
        .addOption(
            new Option("--pack <route>", "how the policy pack runs")
                .choices(["inprocess", "grpc"])
                .default("inprocess"),
        );
    parseArgs(program, process.argv);
    const opts = program.opts<{
        policyConfig: string;
        format: "text" | "json" | "sarif";
        pack: "inprocess" | "grpc";
    }>();
    const config = readPackConfig(opts.policyConfig);
    const expanded = expandInputs(program.args);
    const read = readManifests(expanded.files);
    const pack = await startPolicyPack({
        route: opts.pack,
        config,
        configSource: path.relative(process.cwd(), opts.policyConfig) || opts.policyConfig,
    });
    try {
        const checked = await checkObjects(read.objects, pack);
        const results = checked.results;
        const errors = [...expanded.errors, ...read.errors, ...checked.errors];
        for (const e of errors) {
            process.stderr.write(
                `${red("error")} ${e.file}${e.doc !== undefined ? ` (document ${e.doc})` : ""}: ${e.message}\n`,
            );
        }
        const all = results.flatMap((r) => r.violations);
        const summary = {
            files: expanded.files.length,
            objects: results.length,
            mandatory: all.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: all.filter((v) => v.enforcementLevel === "advisory").length,
            errors: errors.length,
        };
        if (opts.format === "json") {
            const plain = results.map(({ line: _line, ...r }) => r);
            await writeOut(`${JSON.stringify({ results: plain, errors, summary }, null, 2)}\n`);
        } else if (opts.format === "sarif") {
            await writeOut(
                `${JSON.stringify(toSarif(results, errors, pack, process.cwd()), null, 2)}\n`,
            );
        } else {
            const lines: string[] = [];
            for (const r of results.filter((r) => r.violations.length > 0)) {
                lines.push(
                    `${bold(`${r.file}#${r.doc}`)} ${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name ?? ""}`,
                    ...r.violations.map(
                        (v) => `  ${level(v.enforcementLevel)} [${v.policy}] ${v.message}`,
                    ),
                );
            }
            const verdict = summary.mandatory
                ? red(`${summary.mandatory} mandatory`)
                : green("0 mandatory");
            lines.push(
                `${summary.objects} object(s) in ${summary.files} file(s): ${verdict}, ${summary.advisory} advisory, ${summary.errors} input error(s)`,
            );
            await writeOut(`${lines.join("\n")}\n`);
        }
        return errors.length > 0
            ? EXIT.usage
            : summary.mandatory > 0
              ? EXIT.violations
              : EXIT.clean;
    } finally {
        await pack.stop();
    }
}

runMain(main);
