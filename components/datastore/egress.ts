/**
 * Mesh egress to a service's stores: istiod runs `outboundTrafficPolicy: REGISTRY_ONLY`, so a sidecar
 * drops traffic to any host the registry does not know. Kept apart from the rest of the component so it
 * can be handed over to the mesh's own egress mechanism (which then takes {@link StoreEgress} entries).
 */
import { PART_OF } from "../internal/labels";

/** One store endpoint the service's pods must reach. */
export interface StoreEgress {
    /** Host name of the endpoint (RDS address, ElastiCache primary endpoint). */
    readonly host: string;
    readonly port: number;
    /** Istio port name; the `tcp-` prefix stops protocol sniffing (both engines speak TLS themselves). */
    readonly portName: string;
    /** `postgres` or `redis`. */
    readonly store: string;
}

/**
 * A ServiceEntry for one store, visible only in the service's namespace. TCP, DNS resolution: the
 * client opens TLS to the store itself, the sidecar passes the bytes through. Istio matches a TCP
 * ServiceEntry without `addresses` on the port alone (analyzer IST0134,
 * https://istio.io/latest/docs/reference/config/analysis/ist0134/), so several stores on one port need
 * istiod's DNS proxying with address auto-allocation (see docs/operations.md).
 */
export function buildStoreServiceEntry(service: string, namespace: string, egress: StoreEgress) {
    return {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: {
            name: `${service}-${egress.store}`,
            namespace,
            labels: {
                app: service,
                "app.kubernetes.io/name": service,
                "app.kubernetes.io/component": egress.store,
                "app.kubernetes.io/part-of": PART_OF,
                "app.kubernetes.io/managed-by": "pulumi",
            },
        },
        spec: {
            hosts: [egress.host],
            exportTo: ["."],
            location: "MESH_EXTERNAL",
            resolution: "DNS",
            ports: [{ number: egress.port, name: egress.portName, protocol: "TCP" }],
        },
    };
}
