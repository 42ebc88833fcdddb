/**
 * Structural checks of plain manifests before the pack sees them: a pod-bearing object whose pod spec,
 * container lists or their items are not what Kubernetes accepts (`spec: null`, `containers` as a
 * map, a `null` item) would be skipped or misread by the policies. Each problem is a finding for
 * that object under the rule {@link MALFORMED_RULE}; the other objects are still checked.
 */
import { POD_KINDS } from "../../lib/kubernetes";

/** The rule id of these findings (reported like a policy; mandatory). */
export const MALFORMED_RULE = "manifest-well-formed";
/** What the rule checks, for reports (SARIF rule description). */
export const MALFORMED_DESCRIPTION =
    "Pod-bearing objects have an object pod spec, container lists that are lists and no null items.";

const LISTS = ["containers", "initContainers", "ephemeralContainers", "volumes"] as const;

function describe(value: unknown): string {
    if (value === null || value === undefined) {
        return String(value);
    }
    return Array.isArray(value)
        ? "a list"
        : typeof value === "object"
          ? "a map"
          : `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Where the pod spec of `kind` sits. */
function podSpecPath(kind: string): string[] {
    if (kind === "Pod") {
        return ["spec"];
    }
    if (kind === "CronJob") {
        return ["spec", "jobTemplate", "spec", "template", "spec"];
    }
    return ["spec", "template", "spec"];
}

/** One structural problem: the field it is about (keys and list indexes) and its message. */
export interface MalformedProblem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

/** The structural problems of one object, one message each (none for kinds without a pod spec). */
export function malformedProblems(object: Record<string, unknown>): string[] {
    return malformedFindings(object).map((p) => p.message);
}

/** {@link malformedProblems} with the path of the field each problem is about. */
export function malformedFindings(object: Record<string, unknown>): MalformedProblem[] {
    if (!(POD_KINDS as readonly string[]).includes(String(object.kind))) {
        return [];
    }
    const top = object.spec;
    if (object.kind === "Rollout" && isObject(top) && isObject(top.workloadRef)) {
        return []; // the referenced Deployment carries the pod template (Argo Rollouts workloadRef)
    }
    let node: unknown = object;
    const at: string[] = [];
    for (const key of podSpecPath(String(object.kind))) {
        node = (node as Record<string, unknown>)[key];
        at.push(key);
        if (!isObject(node)) {
            return [
                {
                    path: [...at],
                    message: `${at.join(".")} is ${describe(node)}; expected an object`,
                },
            ];
        }
    }
    const podSpec = node as Record<string, unknown>;
    const problems: MalformedProblem[] = [];
    if (!("containers" in podSpec)) {
        problems.push({
            path: [...at],
            message: `${at.join(".")}.containers is missing; expected a list of containers`,
        });
    }
    for (const list of LISTS) {
        const value = podSpec[list];
        if (value === undefined) {
            continue;
        }
        if (!Array.isArray(value)) {
            problems.push({
                path: [...at, list],
                message: `${at.join(".")}.${list} is ${describe(value)}; expected a list`,
            });
            continue;
        }
        value.forEach((item, i) => {
            if (!isObject(item)) {
                problems.push({
                    path: [...at, list, i],
                    message: `${at.join(".")}.${list}[${i}] is ${describe(item)}; expected an object`,
                });
            }
        });
    }
    return problems;
}
