/**
 * Per-object exemptions, written on the object itself as an annotation, like kube-linter's
 * `ignore-check.kube-linter.io/<check>` (stackrox/kube-linter docs/configuring-kubelinter.md, v0.8.3),
 * but with a reason that must say something:
 *
 * ```yaml
 * metadata:
 *   annotations:
 *     policies.supply-chain-platform/exempt: |
 *       workloads-require-probes: batch worker with no port; the Job's backoff restarts it
 *       workloads-disallow-latest-tag: vendor image published only as latest, pinned by digest upstream
 * ```
 *
 * One exemption a line, `<policy-id>: <reason>`; the reason follows the project's rule for written
 * reasons (lib/text/reason.ts). A line that does not parse, names no policy of the pack, or has no
 * reason is itself a finding ({@link EXEMPTION_RULE}) and exempts nothing; an exemption that matches no
 * finding of its object is reported too ({@link UNUSED_EXEMPTION_RULE}).
 */
import { reasonProblem } from "../../lib/text/reason";
import type { FieldPath } from "./locate";

/** The annotation that holds an object's exemptions. */
export const EXEMPT_ANNOTATION = "policies.supply-chain-platform/exempt";
/** Rule of malformed exemptions (mandatory: an exemption nobody can review must not pass). */
export const EXEMPTION_RULE = "manifest-exemption-valid";
export const EXEMPTION_DESCRIPTION = `Each line of the ${EXEMPT_ANNOTATION} annotation is '<policy-id>: <reason>', names a policy of the pack and gives a written reason.`;
/** Rule of exemptions that exempt nothing (advisory: stale, to be removed). */
export const UNUSED_EXEMPTION_RULE = "manifest-exemption-unused";
export const UNUSED_EXEMPTION_DESCRIPTION =
    "Every exemption matches a finding of its object; one that exempts nothing is stale.";

/** Where the annotation sits in an object. */
export const EXEMPT_PATH: FieldPath = ["metadata", "annotations", EXEMPT_ANNOTATION];

/** One valid exemption. */
export interface Exemption {
    readonly policy: string;
    readonly reason: string;
}

/** The exemptions of an object, and the problems of the lines that are not valid ones. */
export interface ParsedExemptions {
    readonly exemptions: Map<string, Exemption>;
    readonly problems: string[];
}

const LINE = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*:(.*)$/s;

/**
 * Parses an object's exemption annotation (`undefined` when it has none). `policies` are the ids
 * that can be exempted (the pack's policies).
 */
export function parseExemptions(
    annotation: unknown,
    policies: ReadonlySet<string>,
): ParsedExemptions {
    const exemptions = new Map<string, Exemption>();
    const problems: string[] = [];
    if (annotation === undefined) {
        return { exemptions, problems };
    }
    if (typeof annotation !== "string") {
        problems.push(
            `${EXEMPT_ANNOTATION} is ${annotation === null ? "null" : `a ${Array.isArray(annotation) ? "list" : typeof annotation}`}; expected a string of lines '<policy-id>: <reason>'`,
        );
        return { exemptions, problems };
    }
    const lines = annotation.split("\n");
    lines.forEach((text, i) => {
        if (text.trim() === "") {
            return;
        }
        const where = `${EXEMPT_ANNOTATION} line ${i + 1}`;
        const m = LINE.exec(text);
        if (!m) {
            problems.push(
                `${where} ${JSON.stringify(text.trim())} is not '<policy-id>: <reason>'; nothing is exempted by it`,
            );
            return;
        }
        const [, policy, rawReason] = m;
        const reason = rawReason.trim();
        if (!policies.has(policy)) {
            problems.push(
                `${where} names '${policy}', which is not a policy of the pack (schema and structure findings cannot be exempted); nothing is exempted by it`,
            );
            return;
        }
        if (exemptions.has(policy)) {
            problems.push(`${where} exempts '${policy}' a second time; keep one line per policy`);
            return;
        }
        const problem = reasonProblem(reason);
        if (problem) {
            problems.push(
                `${where}: the reason for exempting '${policy}' ${problem}; '${policy}' is not exempted`,
            );
            return;
        }
        exemptions.set(policy, { policy, reason });
    });
    return { exemptions, problems };
}
