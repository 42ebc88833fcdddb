/**
 * What the API server refuses in a pod spec that the policy pack does not look at: the checks of
 * kubernetes/kubernetes `pkg/apis/core/validation/validation.go` (`validateInitContainers`,
 * `validateContainers`, `ValidateVolumes`, `validateVolumeMounts`) that a chart's values can break.
 * Mocks never send an object to an API server, so without this a values change that makes a chart's
 * Deployment invalid would show up only on a real `pulumi up`.
 */
import { asArray, asRecord, asString } from "../../lib/kubernetes";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe", "lifecycle"] as const;

/** Every reason the API server would refuse this pod spec, as `field: reason` (empty when valid). */
export function podSpecRejections(podSpec: Readonly<Record<string, unknown>>): string[] {
    const found: string[] = [];
    const volumes = asArray(podSpec.volumes) ?? [];
    const volumeNames = volumes.map((v) => asString(asRecord(v)?.name) ?? "");
    volumeNames.forEach((name, i) => {
        if (volumeNames.indexOf(name) !== i) {
            found.push(`spec.volumes[${i}].name: Duplicate value "${name}"`);
        }
    });
    const groups = [
        ["initContainers", asArray(podSpec.initContainers) ?? []],
        ["containers", asArray(podSpec.containers) ?? []],
    ] as const;
    const containerNames: string[] = [];
    for (const [group, containers] of groups) {
        containers.forEach((raw, i) => {
            const c = asRecord(raw) ?? {};
            const at = `spec.${group}[${i}]`;
            const name = asString(c.name) ?? "";
            if (containerNames.includes(name)) {
                found.push(`${at}.name: Duplicate value "${name}"`);
            }
            containerNames.push(name);
            // An init container may carry probes and lifecycle hooks only as a restartable sidecar.
            if (group === "initContainers" && c.restartPolicy !== "Always") {
                for (const key of PROBES) {
                    if (c[key] !== undefined) {
                        found.push(`${at}.${key}: Forbidden: may not be set for init containers`);
                    }
                }
            }
            (asArray(c.volumeMounts) ?? []).forEach((m, j) => {
                const mount = asString(asRecord(m)?.name) ?? "";
                if (!volumeNames.includes(mount)) {
                    found.push(`${at}.volumeMounts[${j}].name: Not found: "${mount}"`);
                }
            });
        });
    }
    return found;
}
