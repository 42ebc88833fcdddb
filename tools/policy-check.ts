/**
 * `npm run policy:check -- [--format text|json|sarif] [--policy-config <file>] <files or dirs...>`
 *
 * Checks plain Kubernetes manifests (Kustomize output, Helm templates) with the real policy pack.
 * Exit 0 clean, 1 mandatory violations, 2 usage errors or inputs that could not be read or parsed.
 */
import { Command, Option } from "commander";
import * as path from "path";

import { checkObjects, expandInputs, readManifests } from "./offline/check";
import { EXIT, parseArgs, runMain, writeOut } from "./offline/cli";
import { readPackConfig, startPolicyPack } from "./offline/pack";
import { toSarif } from "./offline/sarif";
import { bold, green, level, red } from "./offline/text";

const ROOT = path.resolve(__dirname, "..");

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
        );
    parseArgs(program, process.argv);
    const opts = program.opts<{ policyConfig: string; format: "text" | "json" | "sarif" }>();
    const config = readPackConfig(opts.policyConfig);
    const expanded = expandInputs(program.args);
    const read = readManifests(expanded.files);
    const errors = [...expanded.errors, ...read.errors];
    const pack = await startPolicyPack(
        path.join(ROOT, "policies"),
        config,
        path.join(ROOT, "node_modules", ".cache", "supply-chain-platform"),
    );
    try {
        const results = await checkObjects(read.objects, pack);
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
            for (const e of errors) {
                await writeOut(
                    `${red("error")} ${e.file}${e.doc !== undefined ? ` (document ${e.doc})` : ""}: ${e.message}\n`,
                );
            }
            for (const r of results.filter((r) => r.violations.length > 0)) {
                await writeOut(
                    `${bold(`${r.file}#${r.doc}`)} ${r.kind} ${r.namespace ? `${r.namespace}/` : ""}${r.name ?? ""}\n`,
                );
                for (const v of r.violations) {
                    await writeOut(`  ${level(v.enforcementLevel)} [${v.policy}] ${v.message}\n`);
                }
            }
            const verdict = summary.mandatory
                ? red(`${summary.mandatory} mandatory`)
                : green("0 mandatory");
            await writeOut(
                `${summary.objects} object(s) in ${summary.files} file(s): ${verdict}, ${summary.advisory} advisory, ${summary.errors} input error(s)\n`,
            );
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
