/**
 * The checker's text output: each object with findings, then the Helm hooks apart, then the summary.
 * Every finding starts with `file:line:column`, the form editors and terminals link.
 */
import { bold, dim, green, level, red } from "../offline/text";
import { describeChoice, PolicyConfigChoice } from "./config";
import { CheckReport, ObjectReport } from "./run";
import { CheckSummary } from "./summary";

function objectLines(r: ObjectReport): string[] {
    const who = `${r.kind} ${typeof r.namespace === "string" ? `${r.namespace}/` : ""}${r.name ?? ""}`;
    return [
        `${bold(`${r.file}#${r.doc}`)} ${who}${r.helmHook ? dim(` (helm hook: ${r.helmHook.join(",")})`) : ""}`,
        ...r.violations.map((v) =>
            v.exemption
                ? `  ${r.file}:${v.line}:${v.column} ${dim("exempted")} [${v.policy}] ${v.message} ${dim(`(reason: ${v.exemption.reason})`)}`
                : `  ${r.file}:${v.line}:${v.column} ${level(v.enforcementLevel)} [${v.policy}] ${v.message}`,
        ),
    ];
}

/** Renders the report as text lines. */
export function textReport(
    report: CheckReport,
    summary: CheckSummary,
    config: PolicyConfigChoice,
): string {
    const withFindings = report.results.filter((r) => r.violations.length > 0);
    const lines = withFindings.filter((r) => !r.helmHook).flatMap(objectLines);
    const hooks = withFindings.filter((r) => r.helmHook);
    if (hooks.length > 0) {
        lines.push(
            bold(`Helm hooks (helm.sh/hook; leave them out with --skip-hooks):`),
            ...hooks.flatMap(objectLines),
        );
    }
    if (report.skippedHooks.length > 0) {
        lines.push(
            `skipped ${report.skippedHooks.length} Helm hook(s) (--skip-hooks): ${report.skippedHooks
                .map(
                    (h) => `${h.file}#${h.doc} ${h.kind} ${h.name ?? ""} (${h.helmHook.join(",")})`,
                )
                .join("; ")}`,
        );
    }
    if (report.withoutSchema.length > 0) {
        lines.push(dim(`no schema known for: ${report.withoutSchema.join(", ")}`));
    }
    const verdict = summary.mandatory
        ? red(`${summary.mandatory} mandatory`)
        : green("0 mandatory");
    const hookNote = summary.helmHooks > 0 ? `, ${summary.helmHooks} Helm hook(s)` : "";
    lines.push(
        describeChoice(config),
        `${summary.objects} object(s) in ${summary.files} file(s)${hookNote}: ${verdict}, ${summary.advisory} advisory, ${summary.exempted} exempted, ${summary.errors} input error(s)`,
    );
    return `${lines.join("\n")}\n`;
}
