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

import { EgressHost, tcpPortClashes } from "../internal/egress";
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
 * - TCP (data stores): no `addresses`, resolved by DNS. The entry then matches every destination on
 *   its port (IST0134) and the proxy connects to the host's own DNS answer, never to the IP the
 *   application dialled; as the workload's Sidecar imports only its own hosts, that port reaches its
 *   own store and no other address in the VPC. Envoy re-resolves the name on its DNS TTL (Istio sets
 *   `respect_dns_ttl`, pilot/pkg/networking/core/cluster_builder.go, istio 1.30.3), so an RDS Multi-AZ
 *   failover to the standby's address is followed. Sidecars here do not capture DNS, so istiod's
 *   automatic addresses for such entries (PILOT_ENABLE_IP_AUTOALLOCATE) are not used by them
 *   (pilot/pkg/model/service.go `nodeUsesAutoallocatedIPs`). CIDR `addresses` are refused with DNS
 *   resolution (pkg/config/validation/validation.go), and with NONE the sidecar would forward to any
 *   IP on the port, e.g. another service's database.
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
            exportTo: ["."],
            location: "MESH_EXTERNAL",
            ports: [
                { number: h.port, name: `${tcp ? "tcp" : "tls"}-${h.port}`, protocol: h.protocol },
            ],
            resolution: isWildcard(h.host) ? "NONE" : "DNS",
        },
    };
}

/**
 * The workload's Sidecar: its proxy knows every in-cluster Service (callers are still checked by each
 * callee's AuthorizationPolicy) and, outside the cluster, only its own hosts; anything else stays
 * REGISTRY_ONLY (refused by the sidecar).
 */
export function buildSidecar(target: WorkloadIdentity, egress: readonly EgressHost[]) {
    const clashes = tcpPortClashes(egress);
    if (clashes.length > 0) {
        throw new Error(
            `workload '${target.namespace}/${target.app}' declares several TCP egress hosts on one port (${clashes.join("; ")}); its sidecar reaches one TCP host per port, so give each store its own port`,
        );
    }
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

/** What must agree when two workloads bring the same key (host, port, protocol). */
function shape(h: EgressHost): string {
    const host = typeof h.host === "string" ? h.host : "(output)";
    return `${host}:${h.port}/${h.protocol}`;
}

/**
 * Hosts of several workloads, deduped by key, so each host gets exactly one ServiceEntry; the same key
 * with a different host, port or protocol is an error.
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
