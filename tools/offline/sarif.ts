/**
 * SARIF 2.1.0 output of `policy:check`, for GitHub code scanning.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import * as path from "path";

import { CheckResult, InputError } from "./check";
import { MALFORMED_DESCRIPTION, MALFORMED_RULE } from "./malformed";
import { PackSession } from "./pack";

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

/** Builds the SARIF log. File URIs are relative to `baseDir` with forward slashes. */
export function toSarif(
    results: readonly CheckResult[],
    errors: readonly InputError[],
    pack: PackSession,
    baseDir: string,
) {
    const uri = (file: string) =>
        path.relative(baseDir, path.resolve(file)).split(path.sep).join("/");
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
    rules.push({
        id: MALFORMED_RULE,
        name: MALFORMED_RULE,
        shortDescription: { text: MALFORMED_DESCRIPTION },
        fullDescription: { text: MALFORMED_DESCRIPTION },
        defaultConfiguration: { level: "error" },
        properties: { tags: ["kubernetes", "policy"], "security-severity": "5.0" },
    });
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
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
                results: results.flatMap((r) =>
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
                                        artifactLocation: { uri: uri(r.file) },
                                        region: { startLine: Math.max(1, r.line) },
                                    },
                                },
                            ],
                        })),
                ),
                invocations: [
                    {
                        executionSuccessful: errors.length === 0,
                        toolExecutionNotifications: errors.map((e) => ({
                            level: "error",
                            message: { text: e.message },
                            locations: [
                                { physicalLocation: { artifactLocation: { uri: uri(e.file) } } },
                            ],
                        })),
                    },
                ],
            },
        ],
    };
}
