/**
 * The text report of `preview:offline`: a header, the resource tree (tree.ts) and a closing block like
 * Pulumi's: resources by change, policy result, manifests, capacity and cost, stack outputs, timings.
 * Fits one screen by default; `details` prints every resource, every violation and every output whole.
 */
import * as path from "path";

import type { PreviewDiff } from "./diff";
import type { PreviewDetails, PreviewResult } from "./preview";
import { bold, countBy, dim, green, level, red, yellow } from "./text";
import { propertyLine, resourceTree, showValue } from "./tree";

/** Options of {@link textReport}. */
export interface ReportOptions {
    /** Every resource, violation, type count and output in full. @default false */
    readonly details?: boolean;
    /** What changed against a baseline. @default none (every resource is to be created) */
    readonly diff?: PreviewDiff;
    /** How the baseline is named in the header (`--diff` file or `--diff-rev` revision). */
    readonly baselineName?: string;
    /** The baseline document, for the change of the cost estimate. @default none */
    readonly baseline?: unknown;
}

/** Width of an output's value in the compact report. */
const OUTPUT_WIDTH = 72;

/** A document's `cost` section as the report reads it: totals, and lines for `--details`. */
export interface CostView {
    readonly monthlyUsd: number;
    readonly atMaxUsd?: number;
    readonly date?: string;
    readonly region?: string;
    readonly lines: { item: string; detail: string; monthlyUsd: number }[];
}

const record = (v: unknown): Record<string, unknown> | undefined =>
    v !== null && typeof v === "object" && !Array.isArray(v)
        ? (v as Record<string, unknown>)
        : undefined;

/**
 * The `cost` section of a preview document (`{date, region, lines:[{item, detail, monthlyUsd}],
 * totals:{monthlyUsd, atMaxUsd}}`), or undefined when it has none (an older baseline).
 */
export function costOf(doc: unknown): CostView | undefined {
    const cost = record(record(doc)?.cost);
    const totals = record(cost?.totals);
    if (!cost || typeof totals?.monthlyUsd !== "number") {
        return undefined;
    }
    const lines = Array.isArray(cost.lines) ? cost.lines : [];
    return {
        monthlyUsd: totals.monthlyUsd,
        atMaxUsd: typeof totals.atMaxUsd === "number" ? totals.atMaxUsd : undefined,
        date: typeof cost.date === "string" ? cost.date : undefined,
        region: typeof cost.region === "string" ? cost.region : undefined,
        lines: lines.flatMap((l) => {
            const line = record(l);
            return line && typeof line.monthlyUsd === "number"
                ? [
                      {
                          item: String(line.item ?? ""),
                          detail: String(line.detail ?? ""),
                          monthlyUsd: line.monthlyUsd,
                      },
                  ]
                : [];
        }),
    };
}

const usd = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;

function resourceLines(result: PreviewResult, diff: PreviewDiff | undefined): string[] {
    if (!diff) {
        return [`    ${green(`+ ${result.resources.length} to create`)}`];
    }
    const lines = [
        diff.added.length ? `    ${green(`+ ${diff.added.length} to create`)}` : "",
        diff.changed.length ? `    ${yellow(`~ ${diff.changed.length} to update`)}` : "",
        diff.removed.length ? `    ${red(`- ${diff.removed.length} to delete`)}` : "",
        `    ${diff.unchanged} unchanged`,
    ];
    return lines.filter(Boolean);
}

function capacityLines(result: PreviewResult): string[] {
    const scale = (s: PreviewResult["capacity"][number]["atMaximum"]) =>
        `${s.requested.cpu.toFixed(1)}/${s.capacity.cpu.toFixed(1)} vCPU, ${s.requested.memoryGiB.toFixed(1)}/${s.capacity.memoryGiB.toFixed(1)} GiB, ${s.requested.pods}/${s.capacity.pods} pods on ${s.nodes} node(s)`;
    return result.capacity.map((g) =>
        g.warning
            ? `    ${g.severity === "error" ? red("error") : yellow("warning")} ${g.warning}`
            : `    ${g.group}: max ${scale(g.atMaximum)}; min ${scale(g.atMinimum)}`,
    );
}

function costLines(
    result: PreviewResult,
    details: PreviewDetails,
    options: ReportOptions,
): string[] {
    const lines: string[] = [];
    const cost = costOf(result);
    if (cost) {
        const before = options.diff ? costOf(options.baseline) : undefined;
        const change = before
            ? ` (was ${usd(before.monthlyUsd)}, ${cost.monthlyUsd >= before.monthlyUsd ? "+" : "-"}${usd(Math.abs(cost.monthlyUsd - before.monthlyUsd))})`
            : "";
        const atMax = cost.atMaxUsd === undefined ? "" : `, ~${usd(cost.atMaxUsd)} at maximum`;
        const source = cost.date ? dim(` (prices of ${cost.date}, ${cost.region})`) : "";
        lines.push(`    estimate: ~${usd(cost.monthlyUsd)}/month${change}${atMax}${source}`);
        // Production carries the seed's cost table: each line beside the estimate that answers it.
        for (const row of result.cost.seed ?? []) {
            lines.push(
                `      ${row.label}: seed ${usd(row.seedUsd)}, estimate ${usd(row.estimateUsd)}${row.note ? dim(` (${row.note})`) : ""}`,
            );
        }
        if (options.details) {
            lines.push(
                ...cost.lines.map(
                    (l) =>
                        `      ${l.item}: ~${usd(l.monthlyUsd)}/month${l.detail ? `  ${dim(l.detail)}` : ""}`,
                ),
            );
        }
    }
    if (details.datastores.length > 0) {
        const stores = details.datastores.reduce((s, d) => s + (d.monthlyUsd ?? 0), 0);
        lines.push(
            `    data stores: ~${usd(stores)}/month on demand (${details.datastores.length} store(s))`,
        );
        if (options.details) {
            for (const d of details.datastores) {
                lines.push(
                    `      ${d.name}: ${d.engine}, ${d.nodes} x ${d.instanceClass}${d.storageGiB ? `, ${d.storageGiB} GiB gp3` : ""}, ${d.monthlyUsd === undefined ? "price unknown" : `~${usd(d.monthlyUsd)}/month`}`,
                );
            }
        }
    }
    return lines;
}

function outputLines(result: PreviewResult, options: ReportOptions): string[] {
    const changed = new Map(
        (options.diff?.outputs ?? []).map((d) => [d.path.split(/[.[]/)[0], true]),
    );
    const names = Object.keys(result.outputs).sort();
    const width = Math.max(0, ...names.map((n) => n.length));
    const lines = names.map((n) => {
        const value = showValue(result.outputs[n], options.details ? Infinity : OUTPUT_WIDTH);
        const mark = options.diff ? (changed.has(n) ? yellow("~") : " ") : "+";
        return `  ${mark} ${n.padEnd(width)}: ${value}`;
    });
    if (options.diff && options.diff.outputs.length > 0) {
        lines.push(...options.diff.outputs.map((d) => `      ${propertyLine(d)}`));
    }
    return lines;
}

/** The whole text report. */
export function textReport(
    result: PreviewResult,
    details: PreviewDetails,
    options: ReportOptions = {},
): string {
    const diff = options.diff;
    const out: string[] = [
        bold(
            `Previewing stack ${result.stack} offline (Pulumi mocks, policy pack ${details.pack.name}@${details.pack.version}, ${details.pack.route})` +
                (diff ? `, compared with ${options.baselineName}` : ""),
        ),
        "",
        ...resourceTree(
            `${details.project ?? "supply-chain-platform"}-${result.stack}`,
            result.resources,
            {
                details: options.details,
                diff,
                violations: result.violations,
            },
        ),
        "",
    ];
    const shown = options.details
        ? result.violations
        : result.violations.filter((v) => v.enforcementLevel === "mandatory");
    if (shown.length > 0) {
        out.push(bold("Policy violations:"));
        for (const v of shown) {
            out.push(
                `    ${level(v.enforcementLevel)} [${v.policy}] ${v.urn.split("::").pop()}`,
                `        ${v.message}`,
            );
        }
        out.push("");
    }
    if (result.schemaErrors.length > 0) {
        out.push(
            bold("Schema errors:"),
            ...result.schemaErrors.map((e) => `    ${red("error")} ${e.message}`),
            "",
        );
    }
    if (options.details) {
        out.push(
            bold("Resources by type:"),
            ...countBy(result.resources, (r) => r.type).map(
                ([t, n]) => `    ${String(n).padStart(4)}  ${t}`,
            ),
            "",
        );
    }
    const advisoryNote =
        result.summary.advisory > 0 && !options.details ? " (listed with --details)" : "";
    const cost = costLines(result, details, options);
    out.push(
        bold("Resources:"),
        ...resourceLines(result, diff),
        "",
        `${bold("Policy:")} ${result.summary.mandatory ? red(`${result.summary.mandatory} mandatory`) : green("0 mandatory")}, ${result.summary.advisory} advisory${advisoryNote}`,
        `${bold("Manifests:")} ${details.files.length} file(s) in ${path.relative(process.cwd(), details.outDir) || "."}, ${details.schema.validated} object(s) valid against upstream schemas` +
            (details.schema.withoutSchema.length
                ? `, no upstream schema for ${details.schema.withoutSchema.join(", ")}`
                : "") +
            (result.schemaErrors.length
                ? `, ${red(`${result.schemaErrors.length} schema error(s)`)}`
                : ""),
        // A project other than the platform program checks no node capacity (preview.ts).
        ...(result.capacity.length
            ? [
                  bold(
                      "Capacity (requests with sidecars, add-ons and DaemonSets; pods against the VPC CNI limit):",
                  ),
                  ...capacityLines(result),
              ]
            : []),
        ...(cost.length ? [bold("Cost:"), ...cost] : []),
        bold("Outputs:"),
        ...outputLines(result, options),
        "",
        dim(
            `Duration: evaluate ${details.timings.evaluateMs} ms, render+validate ${details.timings.renderMs} ms, policy ${details.timings.policyMs} ms (pack start ${details.pack.startMs} ms)`,
        ),
    );
    return out.join("\n");
}
