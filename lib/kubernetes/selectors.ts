/**
 * Label selectors (`matchLabels` and `matchExpressions`), as Deployments, PDBs and Services use them.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { field, itemsAt, recordAt, UnknownRecord } from "./fields";

/** True when every `matchLabels` / `matchExpressions` term of a label selector matches `labels`. */
export function selectorMatches(selector: unknown, labels: UnknownRecord): boolean {
    if (!selector) {
        return false;
    }
    const matchLabels = recordAt(selector, "matchLabels") ?? {};
    const expressions = itemsAt(selector, "matchExpressions");
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
        return false; // an empty selector selects everything, not "its own pods"
    }
    const labelsOk = Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
    const exprOk = expressions.every((e) => {
        // As a property key, the way `labels[e.key]` reads it.
        const key = String(field(e, "key"));
        const values = itemsAt(e, "values");
        const has = Object.prototype.hasOwnProperty.call(labels, key);
        switch (field(e, "operator")) {
            case "In":
                return has && values.includes(labels[key]);
            case "NotIn":
                return !has || !values.includes(labels[key]);
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
