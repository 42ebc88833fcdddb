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
 * A ServiceEntry for one store, visible only in the service's namespace. The client opens TLS to the
 * store itself; the sidecar passes TCP through. Istio matches a TCP ServiceEntry without `addresses` on
 * the port alone (analyzer IST0134, https://istio.io/latest/docs/reference/config/analysis/ist0134/), so
 * three databases on 5432 with DNS resolution would share one listener and one of them would receive
 * the others' connections. Instead the entry names the VPC range as `addresses` with `resolution: NONE`:
 * the sidecar forwards to the address the application resolved (original destination), so stores on
 * one port never route to each other and a Multi-AZ failover to a new IP stays covered.
 *
 * @param addresses CIDR ranges the store endpoints live in (the cluster VPC).
 */
export function buildStoreServiceEntry(
    service: string,
    namespace: string,
    egress: StoreEgress,
    addresses: readonly string[],
) {
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
            addresses: [...addresses],
            exportTo: ["."],
            location: "MESH_EXTERNAL",
            resolution: "NONE",
            ports: [{ number: egress.port, name: egress.portName, protocol: "TCP" }],
        },
    };
}
