/**
 * Container image references (`registry/path/name:tag@digest`).
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */

/** The tag of an image reference: undefined when untagged; digests count as pinned. */
export function imageTag(image: string): { tag?: string; digest: boolean } {
    const digest = image.includes("@");
    const withoutDigest = image.split("@")[0];
    const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    return { tag: colon >= 0 ? lastSegment.slice(colon + 1) : undefined, digest };
}
