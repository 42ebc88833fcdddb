/**
 * Helm hooks in rendered chart output: objects annotated `helm.sh/hook` (tests, pre/post install,
 * upgrade, delete and rollback hooks) are not part of the release's resources; Helm creates them at
 * their lifecycle point and may delete them after (`helm.sh/hook-delete-policy`). The checker still
 * checks them (they run in the cluster) but reports them apart, and `--skip-hooks` leaves them out.
 *
 * @see https://helm.sh/docs/topics/charts_hooks/ (Helm 3: the hook annotation and its values)
 */
import { field } from "../../lib/kubernetes";

/** The annotation that makes an object a Helm hook. */
export const HOOK_ANNOTATION = "helm.sh/hook";

/** The hook events of an object (`["pre-install", "pre-upgrade"]`), or undefined when it is no hook. */
export function helmHook(object: Record<string, unknown>): string[] | undefined {
    const value = field(object, "metadata", "annotations", HOOK_ANNOTATION);
    if (typeof value !== "string") {
        return undefined;
    }
    return value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
}
