/**
 * The counts every format reports, and the exit code they lead to.
 */
import { EXIT } from "../offline/cli";
import { CheckReport } from "./run";

/** The counts of a run. Exempted findings count only as exempted. */
export interface CheckSummary {
    readonly files: number;
    readonly objects: number;
    readonly mandatory: number;
    readonly advisory: number;
    readonly exempted: number;
    readonly helmHooks: number;
    readonly skippedHelmHooks: number;
    readonly errors: number;
}

/** Counts a report. */
export function summarize(report: CheckReport): CheckSummary {
    const all = report.results.flatMap((r) => r.violations);
    const open = all.filter((v) => !v.exemption);
    return {
        files: report.files.length,
        objects: report.results.length,
        mandatory: open.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: open.filter((v) => v.enforcementLevel === "advisory").length,
        exempted: all.length - open.length,
        helmHooks: report.results.filter((r) => r.helmHook).length,
        skippedHelmHooks: report.skippedHooks.length,
        errors: report.errors.length,
    };
}

/** 2 when an input could not be read, else 1 on a mandatory finding, else 0. */
export function exitCode(summary: CheckSummary): number {
    return summary.errors > 0 ? EXIT.usage : summary.mandatory > 0 ? EXIT.violations : EXIT.clean;
}
