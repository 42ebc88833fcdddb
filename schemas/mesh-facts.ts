/**
 * Facts of the mesh and the pod a service runs in: ports the Istio sidecar owns, and directories a
 * ConfigMap must never be mounted over.
 */
import { z } from "zod";

import { istioDurationIssue, istioDurationMs } from "../lib/istio/duration";

/**
 * Ports the Istio sidecar and its agent use inside every meshed pod (15000 admin, 15001 outbound,
 * 15004 debug, 15006 inbound, 15008/15009 HBONE, 15020 merged metrics, 15021 health, 15053 DNS,
 * 15090 Envoy metrics), and istiod's 15010-15017. The whole range is refused: an app port there
 * collides with the proxy or is captured by it.
 *
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIO_RESERVED_PORTS = { from: 15000, to: 15090 } as const;

/** Refines a port: not in {@link ISTIO_RESERVED_PORTS}. */
export function reservedPort(port: number, ctx: z.RefinementCtx): void {
    if (port >= ISTIO_RESERVED_PORTS.from && port <= ISTIO_RESERVED_PORTS.to) {
        ctx.addIssue({
            code: "custom",
            message: `must not be in ${ISTIO_RESERVED_PORTS.from}-${ISTIO_RESERVED_PORTS.to} (ports the Istio sidecar uses in every pod)`,
            input: port,
        });
    }
}

/** Directories a volume must not replace: the root, system directories and kernel filesystems. */
export const SYSTEM_DIRECTORIES: readonly string[] = [
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib64",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/sys",
    "/tmp",
    "/usr",
    "/var",
    "/var/lib",
    "/var/log",
    "/var/run",
];
/** Trees a volume must not be mounted anywhere inside (kernel filesystems, the service account token). */
const SYSTEM_TREES = ["/proc/", "/sys/", "/dev/", "/var/run/secrets/", "/run/secrets/"];

/** An absolute mount path that is not `/`, a system directory or inside a kernel filesystem. */
export const mountPath = z
    .string()
    .regex(/^\/[\w\-./]*$/, "must be an absolute path")
    .superRefine((p, ctx) => {
        const path = p.length > 1 ? p.replace(/\/+$/, "") : p;
        if (path.split("/").some((part) => part === "..")) {
            ctx.addIssue({ code: "custom", message: "must not contain '..'", input: p });
        } else if (
            SYSTEM_DIRECTORIES.includes(path) ||
            SYSTEM_TREES.some((tree) => `${path}/`.startsWith(tree))
        ) {
            ctx.addIssue({
                code: "custom",
                message:
                    "must not be / or a system directory (the mount would hide the image's files there); use a directory of the app such as /app/config",
                input: p,
            });
        }
    });

/**
 * Milliseconds of a VirtualService duration as Istio reads it (`1h30m`, `1.5s`, `500ms`); NaN when
 * Istio refuses it (lib/istio/duration.ts).
 */
export function durationMs(d: string): number {
    return istioDurationMs(d) ?? NaN;
}

/**
 * A VirtualService duration (`timeout`, `retries.perTryTimeout`, `fault.delay.fixedDelay`) Istio
 * accepts: a Go duration of at least 1ms in whole milliseconds (lib/istio/duration.ts, with the
 * CRD's and istiod's rules). Zero is refused too: Envoy would read a zero route timeout as "no
 * timeout" and a zero per-try timeout as "the route timeout", so `0s` never means what it says.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
export const istioDuration = z.string().superRefine((d, ctx) => {
    const issue = istioDurationIssue(d);
    if (issue !== undefined) {
        ctx.addIssue({ code: "custom", message: issue, input: d });
    }
});
