/**
 * `npm run conformance [-- --corpus <dir>] [--json]`
 *
 * Runs the real policy pack over upstream policy projects' test manifests (badPods, kube-score, Polaris)
 * and prints agreement with their verdicts per concept. Fails when a covered concept agrees on fewer
 * than 98% of the unambiguous verdicts, unless the difference is a documented, deliberate one
 * (docs/policies.md, "Conformance").
 */
import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";

import { checkObjects, CheckResult, readManifests } from "./offline/check";
import { EXIT, parseArgs, runMain, writeOut } from "./offline/cli";
import { readPackConfig, startPolicyPack } from "./offline/pack";
import { POD_KINDS } from "../lib/kubernetes";

import { ROOT } from "./offline/root";
const TARGET = 0.98;

/** How a corpus concept maps to one of our policies (and, for single-dimension concepts, which messages). */
export const CONCEPTS: Record<string, { policy: string; messages?: RegExp }> = {
    "requests-limits": { policy: "workloads-require-resource-limits" },
    "cpu-requests": {
        policy: "workloads-require-resource-limits",
        messages: /resources\.requests\.cpu/,
    },
    "cpu-limits": {
        policy: "workloads-require-resource-limits",
        messages: /resources\.limits\.cpu/,
    },
    "memory-requests": {
        policy: "workloads-require-resource-limits",
        messages: /resources\.requests\.memory/,
    },
    "memory-limits": {
        policy: "workloads-require-resource-limits",
        messages: /resources\.limits\.memory/,
    },
    "pod-anti-affinity": { policy: "workloads-require-pod-anti-affinity" },
    "no-latest-tag": { policy: "workloads-disallow-latest-tag" },
    probes: { policy: "workloads-require-probes" },
    "liveness-probe": { policy: "workloads-require-probes", messages: /livenessProbe/ },
    "readiness-probe": { policy: "workloads-require-probes", messages: /readinessProbe/ },
    "no-privileged": { policy: "workloads-disallow-privileged" },
    "no-host-namespaces": { policy: "workloads-disallow-host-namespaces" },
    "no-host-network": { policy: "workloads-disallow-host-namespaces", messages: /hostNetwork/ },
    "no-host-pid": { policy: "workloads-disallow-host-namespaces", messages: /hostPID/ },
    "no-host-ipc": { policy: "workloads-disallow-host-namespaces", messages: /hostIPC/ },
    "no-host-path": { policy: "workloads-disallow-host-path" },
    "no-host-ports": { policy: "workloads-disallow-host-ports" },
    "run-as-non-root": { policy: "workloads-require-run-as-non-root" },
    "no-host-process": { policy: "workloads-disallow-host-process" },
    "proc-mount-default": { policy: "workloads-require-default-proc-mount" },
    "non-root-either": { policy: "workloads-require-run-as-non-root" },
    "no-privilege-escalation": { policy: "workloads-disallow-privilege-escalation" },
    "read-only-root-fs": { policy: "workloads-require-read-only-root-filesystem" },
    "no-dangerous-capabilities": {
        policy: "workloads-require-drop-all-capabilities",
        messages: /adds capability/,
    },
    "capabilities-baseline": {
        policy: "workloads-require-drop-all-capabilities",
        messages: /adds capability/,
    },
    "drop-insecure-capabilities": {
        policy: "workloads-require-drop-all-capabilities",
        messages: /does not drop ALL/,
    },
    "capabilities-drop-all": {
        policy: "workloads-require-drop-all-capabilities",
        messages: /does not drop ALL/,
    },
};

/** Deliberate differences, argued in docs/policies.md; these concepts are reported but do not fail the run. */
export const DELIBERATE: Record<string, string> = {
    "non-root-either":
        "Polaris accepts runAsUser > 0 without runAsNonRoot; we follow PSS restricted and require runAsNonRoot=true.",
    "drop-insecure-capabilities":
        "Polaris passes containers that drop its list of insecure capabilities; we follow PSS restricted and require drop: [ALL].",
};

const POD_KIND_SET = new Set<string>(POD_KINDS);

interface Entry {
    file: string;
    doc: number;
    kind: string;
    expected: Record<string, "pass" | "fail">;
    derived_expected?: Record<string, "pass" | "fail">;
    ambiguous_for_project?: boolean;
}

interface Tally {
    agree: number;
    total: number;
    disagreements: string[];
}

function verdict(result: CheckResult | undefined, concept: string): "pass" | "fail" {
    const map = CONCEPTS[concept];
    const hits = (result?.violations ?? []).filter(
        (v) => v.policy === map.policy && (!map.messages || map.messages.test(v.message)),
    );
    return hits.length > 0 ? "fail" : "pass";
}

async function main(): Promise<number> {
    const program = new Command("conformance")
        .option("--corpus <dir>", "corpus directory", path.resolve(ROOT, "..", "shared", "corpus"))
        .option("--json", "print the tallies as JSON")
        .addOption(
            new Option("--pack <route>", "how the policy pack runs")
                .choices(["inprocess", "grpc"])
                .default("inprocess"),
        );
    parseArgs(program, process.argv);
    const opts = program.opts<{ corpus: string; json?: boolean; pack: "inprocess" | "grpc" }>();
    if (!fs.existsSync(opts.corpus)) {
        await writeOut(`conformance: no corpus at ${opts.corpus}; skipped\n`);
        return EXIT.clean;
    }
    const sources = fs
        .readdirSync(opts.corpus)
        .filter((d) => fs.existsSync(path.join(opts.corpus, d, "expected.json")))
        .sort();
    const entries = sources.flatMap((s) =>
        (
            JSON.parse(fs.readFileSync(path.join(opts.corpus, s, "expected.json"), "utf8"))
                .resources as Entry[]
        ).map((e) => ({ ...e, source: s, path: path.join(opts.corpus, s, e.file) })),
    );
    const files = [...new Set(entries.map((e) => e.path))].sort();
    const { objects, errors } = readManifests(files);
    const pack = await startPolicyPack({
        route: opts.pack,
        config: readPackConfig(path.join(ROOT, "policies", "config", "production.json")),
    });
    let results: CheckResult[];
    try {
        results = (await checkObjects(objects, pack)).results;
    } finally {
        await pack.stop();
    }
    const byDoc = new Map(results.map((r) => [`${r.file}#${r.doc}`, r]));
    const tallies = new Map<string, Tally>();
    const derived = new Map<string, Tally>();
    let ambiguous = 0;
    const count = (
        into: Map<string, Tally>,
        concept: string,
        want: string,
        got: string,
        where: string,
    ) => {
        const t = into.get(concept) ?? { agree: 0, total: 0, disagreements: [] };
        t.total++;
        if (want === got) {
            t.agree++;
        } else {
            t.disagreements.push(`${where}: expected ${want}, got ${got}`);
        }
        into.set(concept, t);
    };
    for (const e of entries) {
        if (!POD_KIND_SET.has(e.kind)) {
            continue; // objects without a pod spec (badPods' headless Services) carry no workload verdict
        }
        if (e.ambiguous_for_project) {
            ambiguous++;
            continue;
        }
        const result = byDoc.get(`${e.path}#${e.doc}`);
        const where = `${e.source}/${e.file}#${e.doc}`;
        for (const [concept, want] of Object.entries(e.expected ?? {})) {
            if (CONCEPTS[concept]) {
                count(tallies, concept, want, verdict(result, concept), where);
            }
        }
        for (const [concept, want] of Object.entries(e.derived_expected ?? {})) {
            if (CONCEPTS[concept]) {
                count(derived, concept, want, verdict(result, concept), where);
            }
        }
    }
    const rows = [...tallies.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    const failing = rows.filter(([c, t]) => t.agree / t.total < TARGET && !DELIBERATE[c]);
    if (opts.json) {
        await writeOut(
            `${JSON.stringify({ concepts: Object.fromEntries(rows), derived: Object.fromEntries(derived), ambiguous, errors }, null, 2)}\n`,
        );
    } else {
        await writeOut(
            `Conformance with upstream verdicts (${sources.join(", ")}); target ${TARGET * 100}% per concept\n\n`,
        );
        await writeOut(`  ${"concept".padEnd(28)} agree/total   rate\n`);
        for (const [concept, t] of rows) {
            const rate = ((100 * t.agree) / t.total).toFixed(1);
            await writeOut(
                `  ${concept.padEnd(28)} ${`${t.agree}/${t.total}`.padStart(11)} ${rate.padStart(6)}%${DELIBERATE[concept] ? "  (deliberate difference)" : ""}\n`,
            );
            for (const d of t.disagreements.slice(0, 5)) {
                await writeOut(`      ${d}\n`);
            }
        }
        await writeOut(`\n  secondary oracle (badPods derived verdicts):\n`);
        for (const [concept, t] of [...derived.entries()].sort((a, b) =>
            a[0].localeCompare(b[0]),
        )) {
            await writeOut(
                `  ${concept.padEnd(28)} ${`${t.agree}/${t.total}`.padStart(11)} ${((100 * t.agree) / t.total).toFixed(1).padStart(6)}%\n`,
            );
        }
        await writeOut(
            `\n  ${ambiguous} ambiguous verdict(s) not scored; ${errors.length} unreadable document(s)\n`,
        );
        await writeOut(
            failing.length === 0
                ? "conformance: every covered concept meets the target\n"
                : `conformance: below target: ${failing.map(([c]) => c).join(", ")}\n`,
        );
    }
    return failing.length === 0 ? EXIT.clean : EXIT.violations;
}

runMain(main);
