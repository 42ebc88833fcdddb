/**
 * Which registry an image reference pulls from. A reference whose first path segment is not a host
 * (no `.` or `:`, not `localhost`) is a Docker Hub image (`nginx`, `otel/collector:1`), as are
 * `docker.io/...` and its aliases.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** The registry host of `image`; `docker.io` for a reference without one. */
export function imageRegistry(image: string): string {
    const first = image.split("/")[0];
    const isHost = image.includes("/") && (/[.:]/.test(first) || first === "localhost");
    return isHost ? first : "docker.io";
}

/** Whether `image` is pulled from Docker Hub. */
export function fromDockerHub(image: string): boolean {
    return DOCKER_HUB_HOSTS.has(imageRegistry(image));
}

/** `image` without its tag and digest (`registry/path/name`). */
export function imageRepository(image: string): string {
    const withoutDigest = image.split("@")[0];
    const slash = withoutDigest.lastIndexOf("/");
    const colon = withoutDigest.lastIndexOf(":");
    return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}
