import { field, podMetadataPath, securityContextsOf } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/** Allowed `appArmorProfile.type` values (unset is allowed too). */
export const APPARMOR_PROFILE_TYPES = ["RuntimeDefault", "Localhost"];
/** Prefix of the deprecated per-container AppArmor annotation on the pod (template) metadata. */
export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

const annotationAllowed = (value: unknown) =>
    value === "" ||
    value === "runtime/default" ||
    (typeof value === "string" && value.startsWith("localhost/"));

/**
 * AppArmor is not disabled or overridden with an unknown profile (Pod Security Standards, baseline,
 * "AppArmor"): `appArmorProfile.type` on the pod and every container is unset, `RuntimeDefault` or
 * `Localhost`; the annotations `container.apparmor.security.beta.kubernetes.io/*` are empty,
 * `runtime/default` or `localhost/*`. As in pod-security-admission `policy/check_appArmorProfile.go`.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const restrictAppArmor = podPolicy({
    name: "workloads-restrict-apparmor",
    description:
        "AppArmor profiles are only RuntimeDefault or Localhost (fields) and runtime/default or localhost/* (annotations).",
    severity: "high",
    remediationSteps:
        "Remove the AppArmor override, or set appArmorProfile.type to RuntimeDefault (or Localhost with a profile loaded on the nodes).",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) => {
        const fields = securityContextsOf(pod, what).flatMap((r) => {
            const type = field(r.securityContext, "appArmorProfile", "type");
            return type === undefined || (APPARMOR_PROFILE_TYPES as unknown[]).includes(type)
                ? []
                : [
                      `${r.who} sets AppArmor profile type ${JSON.stringify(type)} (${r.path}.appArmorProfile.type); use RuntimeDefault or Localhost.`,
                  ];
        });
        const annotations = Object.entries(pod.annotations)
            .filter(([k, v]) => k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !annotationAllowed(v))
            .map(
                ([k, v]) =>
                    `${what} sets AppArmor profile ${JSON.stringify(v)} for container '${k.slice(APPARMOR_ANNOTATION_PREFIX.length)}' (${podMetadataPath(pod)}.annotations['${k}']); use runtime/default or localhost/<profile>.`,
            );
        return [...fields, ...annotations];
    },
});
