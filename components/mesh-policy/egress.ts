/**
 * Pure builders for egress under `outboundTrafficPolicy: REGISTRY_ONLY`: one ServiceEntry per external
 * host of a namespace, visible only in that namespace, and one Sidecar per workload that imports only
 * the external hosts that workload declares, so one service's egress is not opened for its neighbours.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/service-entry/ (HTTPS: `protocol: TLS`,
 *      `resolution: DNS`; wildcard hosts need `resolution: NONE`)
 * @see https://istio.io/latest/docs/reference/config/networking/sidecar/ (`egress.hosts` as
 *      `namespace/dnsName`, wildcard in the left-most label; only config exported to the namespace)
 */
import * as pulumi from "@pulumi/pulumi";

import type { EgressHost } from "../internal/egress";
import { PART_OF, selectorLabels, WorkloadIdentity } from "../internal/labels";

/** Every Kubernetes Service of the cluster, in any namespace (the mesh's own traffic). */
export const IN_CLUSTER_HOSTS = "*/*.svc.cluster.local";

/** Kubernetes name of a host's ServiceEntry (`egress-sts-us-west-2-amazonaws-com`). */
export function serviceEntryName(key: string): string {
    const slug = key
        .toLowerCase()
        .replace(/^\*\./, "wildcard.")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    return `egress-${slug}`.slice(0, 63).replace(/-$/, "");
}

const isWildcard = (host: pulumi.Input<string>) =>
    typeof host === "string" && host.startsWith("*.");

/**
 * A MESH_EXTERNAL ServiceEntry for one host, exported only to its own namespace.
 *
 * - TLS: passed through by SNI (the application's TLS reaches the remote end untouched), resolved by
 *   DNS, or NONE for a wildcard (the sidecar then forwards to the address the application resolved).
 * - TCP: the host's CIDR ranges as `addresses` with resolution NONE. Istio builds a TCP listener per
 *   address and port; without `addresses` one entry would match every destination on its port and
 *   several stores on 5432 would share one DNS-resolved listener (IST0134). With NONE the sidecar
 *   forwards to the IP the application resolved, so an RDS Multi-AZ failover to a new IP stays covered.
 */
export function buildServiceEntry(namespace: string, h: EgressHost) {
    const tcp = h.protocol === "TCP";
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: {
            name: serviceEntryName(h.key),
            namespace,
            labels: {
                "app.kubernetes.io/part-of": PART_OF,
                "app.kubernetes.io/managed-by": "pulumi",
            },
        },
        spec: {
            hosts: [h.host],
            ...(tcp ? { addresses: [...h.addresses] } : {}),
            exportTo: ["."],
            location: "MESH_EXTERNAL",
            ports: [
                { number: h.port, name: `${tcp ? "tcp" : "tls"}-${h.port}`, protocol: h.protocol },
            ],
            resolution: tcp || isWildcard(h.host) ? "NONE" : "DNS",
        },
    };
}

/**
 * The workload's Sidecar: its proxy knows every in-cluster Service (callers are still checked by each
 * callee's AuthorizationPolicy) and, outside the cluster, only its own hosts; anything else stays
 * REGISTRY_ONLY (refused by the sidecar).
 */
export function buildSidecar(target: WorkloadIdentity, egress: readonly EgressHost[]) {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "Sidecar",
        metadata: {
            name: target.app,
            namespace: target.namespace,
            labels: { ...selectorLabels(target.app), "app.kubernetes.io/part-of": PART_OF },
        },
        spec: {
            workloadSelector: { labels: { app: target.app } },
            egress: [
                {
                    hosts: [
                        IN_CLUSTER_HOSTS,
                        ...egress.map((h) =>
                            typeof h.host === "string"
                                ? `./${h.host}`
                                : pulumi.interpolate`./${h.host}`,
                        ),
                    ],
                },
            ],
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
        },
    };
}

/** What must agree when two workloads bring the same key (host, port, protocol, addresses). */
function shape(h: EgressHost): string {
    const host = typeof h.host === "string" ? h.host : "(output)";
    const addresses = h.protocol === "TCP" ? ` ${h.addresses.join(",")}` : "";
    return `${host}:${h.port}/${h.protocol}${addresses}`;
}

/**
 * Hosts of several workloads, deduped by key, so each host gets exactly one ServiceEntry; the same key
 * with a different host, port, protocol or addresses is an error.
 */
export function namespaceEgress(lists: readonly (readonly EgressHost[])[]): EgressHost[] {
    const byKey = new Map<string, EgressHost>();
    for (const h of lists.flat()) {
        const seen = byKey.get(h.key);
        if (seen && shape(seen) !== shape(h)) {
            throw new Error(
                `egress host key '${h.key}' is used for two different hosts (${shape(seen)} and ${shape(h)})`,
            );
        }
        byKey.set(h.key, seen ?? h);
    }
    return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}
