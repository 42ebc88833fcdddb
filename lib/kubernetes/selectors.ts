/**
 * Label selectors (`matchLabels` and `matchExpressions`), as Deployments, PDBs and Services use them.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { field, itemsAt, recordAt, UnknownRecord } from "./fields";
import { hasOwnKey, ownValue } from "../records";

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
    const labelsOk = Object.entries(matchLabels).every(([k, v]) => ownValue(labels, k) === v);
    const exprOk = expressions.every((e) => {
        // A label key is data: `toString` is a valid one, so only own labels count.
        const key = String(field(e, "key"));
        const values = itemsAt(e, "values");
        const has = hasOwnKey(labels, key);
        switch (field(e, "operator")) {
            case "In":
                return has && values.includes(ownValue(labels, key));
            case "NotIn":
                return !has || !values.includes(ownValue(labels, key));
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

/**
 * True when a pod spec asks for nodes carrying `labels`: its `nodeSelector` is non-empty and every entry
 * matches, or one `requiredDuringSchedulingIgnoredDuringExecution` node selector term matches with
 * `In` and `Exists` expressions only. The pack's ML-toleration policy and the offline capacity check
 * both place pods on node groups with it.
 */
export function podSelectsNodeLabels(
    spec: UnknownRecord,
    labels: Readonly<Record<string, string>>,
): boolean {
    const nodeSelector = recordAt(spec, "nodeSelector") ?? {};
    if (
        Object.keys(nodeSelector).length > 0 &&
        Object.entries(nodeSelector).every(([k, v]) => ownValue(labels, k) === v)
    ) {
        return true;
    }
    const terms = itemsAt(
        spec,
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    );
    return terms.some((term) => {
        const exprs = itemsAt(term, "matchExpressions");
        return (
            exprs.length > 0 &&
            exprs.every((e) => {
                // A label key is data (`toString` is a valid one): only own labels count.
                const key = String(field(e, "key"));
                const operator = field(e, "operator");
                return operator === "In"
                    ? itemsAt(e, "values").includes(ownValue(labels, key))
                    : operator === "Exists"
                      ? hasOwnKey(labels, key)
                      : false;
            })
        );
    });
}
