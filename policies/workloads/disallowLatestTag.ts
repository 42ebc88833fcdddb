import { containersOf, imageTag } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Every image names an explicit tag other than `latest`, or a digest.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export const disallowLatestTag = podPolicy({
    name: "workloads-disallow-latest-tag",
    description: "Every container image is pinned: an explicit tag other than latest, or a digest.",
    severity: "high",
    remediationSteps:
        "Reference images by a version tag (registry/app:v1.2.3) or a digest (registry/app@sha256:...).",
    url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    check: ({ pod, what }) =>
        containersOf(pod).flatMap((c) => {
            const image = c.container.image;
            if (typeof image !== "string" || image === "") {
                return [`${what} ${c.label} has no ${c.path}.image; set a pinned image.`];
            }
            const { tag, digest } = imageTag(image);
            if (digest) {
                return [];
            }
            if (tag === undefined) {
                return [
                    `${what} ${c.label} ${c.path}.image ${JSON.stringify(image)} has no tag (it means latest); pin a version tag or a digest.`,
                ];
            }
            return tag === "latest"
                ? [
                      `${what} ${c.label} ${c.path}.image ${JSON.stringify(image)} uses the latest tag; pin a version tag or a digest.`,
                  ]
                : [];
        }),
});
