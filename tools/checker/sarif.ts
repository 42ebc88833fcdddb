/**
 * SARIF 2.1.0 output of the checker, for GitHub code scanning: one result per finding at the line and
 * column of its field (`region.startLine`/`startColumn`, columns in UTF-16 code units, SARIF's
 * default `columnKind`); findings an annotation exempts carry an `inSource` suppression with its
 * reason (SARIF 2.1.0 section 3.35), which code scanning shows as dismissed.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * @see https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { InputError } from "../offline/check";
import { PackSession } from "../offline/pack";
import { PolicyConfigChoice } from "./config";
import { CheckReport } from "./run";
import { CHECKER_RULES } from "./rules";

const LEVEL: Record<string, "error" | "warning" | "note"> = {
    mandatory: "error",
    advisory: "warning",
    remediate: "error",
};
const SECURITY_SEVERITY: Record<string, string> = {
    critical: "9.0",
    high: "7.0",
    medium: "5.0",
    low: "3.0",
};

/** Builds the SARIF log. `uriOf` turns a file as reported into the artifact's URI. */
export function toSarif(
    report: CheckReport,
    pack: PackSession,
    config: PolicyConfigChoice,
    uriOf: (file: string) => string,
) {
    const rules = pack.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        defaultConfiguration: { level: LEVEL[p.enforcementLevel] ?? "none" },
        properties: {
            tags: ["kubernetes", "policy"],
            "security-severity": SECURITY_SEVERITY[p.severity] ?? "5.0",
        },
    }));
    for (const r of CHECKER_RULES) {
        rules.push({
            id: r.id,
            name: r.id,
            shortDescription: { text: r.description },
            fullDescription: { text: r.description },
            defaultConfiguration: { level: LEVEL[r.level] },
            properties: { tags: ["kubernetes", "policy"], "security-severity": "5.0" },
        });
    }
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const notification = (e: InputError) => ({
        level: "error",
        message: { text: e.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(e.file) } } }],
    });
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: pack.name,
                        version: pack.version,
                        informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
                        rules,
                    },
                },
                results: report.results.flatMap((r) =>
                    r.violations
                        .filter((v) => v.enforcementLevel !== "disabled")
                        .map((v) => ({
                            ruleId: v.policy,
                            ruleIndex: ruleIndex.get(v.policy) ?? 0,
                            level: LEVEL[v.enforcementLevel] ?? "note",
                            message: { text: v.message },
                            locations: [
                                {
                                    physicalLocation: {
                                        artifactLocation: { uri: uriOf(r.file) },
                                        region: { startLine: v.line, startColumn: v.column },
                                    },
                                },
                            ],
                            ...(v.exemption
                                ? {
                                      suppressions: [
                                          {
                                              kind: "inSource",
                                              status: "accepted",
                                              justification: v.exemption.reason,
                                          },
                                      ],
                                  }
                                : {}),
                            ...(r.helmHook
                                ? { properties: { helmHook: r.helmHook.join(",") } }
                                : {}),
                        })),
                ),
                invocations: [
                    {
                        executionSuccessful: report.errors.length === 0,
                        properties: {
                            policyConfig: config.name,
                            policyConfigFile: config.file,
                            policyConfigChosen: config.explicit ? "explicitly" : "by default",
                        },
                        toolExecutionNotifications: report.errors.map(notification),
                    },
                ],
            },
        ],
    };
}
