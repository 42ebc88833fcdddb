/**
 * Label selectors (`matchLabels` and `matchExpressions`), as Deployments, PDBs and Services use them.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { K8sObject } from "./objects";

/** True when every `matchLabels` / `matchExpressions` term of a label selector matches `labels`. */
export function selectorMatches(
    selector: K8sObject | undefined,
    labels: Record<string, string>,
): boolean {
    if (!selector) {
        return false;
    }
    const matchLabels = (selector.matchLabels ?? {}) as Record<string, string>;
    const expressions = (selector.matchExpressions ?? []) as {
        key: string;
        operator: string;
        values?: string[];
    }[];
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
        return false; // an empty selector selects everything, not "its own pods"
    }
    const labelsOk = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
    const exprOk = expressions.every((e) => {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        switch (e.operator) {
            case "In":
                return has && (e.values ?? []).includes(labels[e.key]);
            case "NotIn":
                return !has || !(e.values ?? []).includes(labels[e.key]);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            default:
                return false;
        }
    });
    return labelsOk && exprOk;
}
