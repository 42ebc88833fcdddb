/**
 * Hosts outside the mesh a workload may reach, derived only from what its config declares. Istio runs
 * with `outboundTrafficPolicy: REGISTRY_ONLY`, so a host with no ServiceEntry is unreachable (the sidecar
 * answers 502 for HTTP and resets TLS), including the STS call IRSA needs before any AWS call works.
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/
 */
import type * as pulumi from "@pulumi/pulumi";
import { ownValue } from "../../lib/records";

interface EgressHostBase {
    /**
     * Stable key: names the ServiceEntry and dedupes hosts across workloads. Derived hosts use the host
     * name; hosts only known after creation (a data store endpoint) bring their own key.
     */
    readonly key: string;
    /** DNS name, or `*.` plus a domain for a wildcard (then the sidecar passes through by SNI). */
    readonly host: pulumi.Input<string>;
    /** Destination port. */
    readonly port: number;
}

/**
 * One host outside the mesh, as a ServiceEntry declares it.
 *
 * `TLS`: the client speaks TLS (HTTPS APIs); the sidecar routes by SNI and passes the encrypted stream
 * through, so any number of TLS hosts share a port. `TCP`: anything else (PostgreSQL and Redis, which
 * the client wraps in TLS itself). The sidecar cannot tell TCP hosts apart by name, so a TCP host is
 * written without `addresses` and resolved by DNS: Istio then matches every destination on its port
 * (analyzer IST0134, https://istio.io/latest/docs/reference/config/analysis/ist0134/) and the proxy
 * connects to the host's own resolved address, whatever IP the application dialled. Each workload's
 * Sidecar imports only its own hosts, so on that port its pods reach that one store and nothing else
 * in the VPC; hence one workload may declare at most one TCP host per port
 * ({@link tcpPortClashes}).
 */
export type EgressHost = EgressHostBase & { readonly protocol: "TLS" | "TCP" };

/** An IAM statement, as far as egress is concerned. */
export interface EgressStatement {
    readonly actions: readonly string[];
    readonly resources: readonly string[];
    readonly effect?: "Allow" | "Deny";
}

/**
 * IAM service prefixes whose API endpoint is not `<prefix>.<region>.amazonaws.com`, with the hosts SDKs
 * call instead (AWS General Reference, "Service endpoints and quotas"). S3 SDKs address buckets
 * virtual-hosted style (`<bucket>.s3.<region>.amazonaws.com`).
 *
 * @see https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html
 */
const ENDPOINT_EXCEPTIONS: Readonly<Record<string, (region: string) => string[]>> = {
    s3: (r) => [`s3.${r}.amazonaws.com`, `*.s3.${r}.amazonaws.com`],
    iam: () => ["iam.amazonaws.com"],
    ecr: (r) => [`api.ecr.${r}.amazonaws.com`],
    cloudwatch: (r) => [`monitoring.${r}.amazonaws.com`],
    ses: (r) => [`email.${r}.amazonaws.com`],
};

/** A TLS host, keyed by its name. */
export function httpsHost(host: string, port = 443): EgressHost {
    return { key: host, host, port, protocol: "TLS" };
}

/** Declared external HTTPS hosts (config `mesh.services.<name>.egress`) as egress hosts. */
export function httpsEgress(hosts: readonly { host: string; port: number }[]): EgressHost[] {
    return hosts.map((h) => httpsHost(h.host, h.port));
}

/** A TCP host (a data store endpoint), resolved by DNS, under its own stable key. */
export function tcpHost(key: string, host: pulumi.Input<string>, port: number): EgressHost {
    return { key, host, port, protocol: "TCP" };
}

/**
 * Ports on which one workload declares more than one TCP host, as `port: key, key` lines. Its
 * Sidecar would need two port-wide listeners on one port: istiod keeps one and counts a conflict
 * (`pilot_conflict_outbound_listener_tcp_over_current_tcp`, pilot/pkg/model/push_context.go,
 * istio 1.30.3), so the other store would be unreachable.
 */
export function tcpPortClashes(hosts: readonly EgressHost[]): string[] {
    const byPort = new Map<number, string[]>();
    for (const h of hosts) {
        if (h.protocol === "TCP") {
            byPort.set(h.port, [...(byPort.get(h.port) ?? []), h.key]);
        }
    }
    return [...byPort.entries()]
        .filter(([, keys]) => keys.length > 1)
        .map(([port, keys]) => `${port}: ${keys.join(", ")}`);
}

/** The regional STS endpoint, which IRSA's web-identity exchange calls (`AWS_STS_REGIONAL_ENDPOINTS=regional`). */
export function stsHost(region: string): EgressHost {
    return httpsHost(`sts.${region}.amazonaws.com`);
}

/** The region an ARN names, when it names one (`arn:aws:sqs:us-west-2:...`); S3 and IAM ARNs do not. */
function arnRegion(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && parts[3] !== "" && parts[3] !== "*" ? parts[3] : undefined;
}

/**
 * The AWS API endpoints a workload's IAM statements let it call: one per service prefix of each Allow
 * action, in the regions its resource ARNs name (the stack's region when they name none). Wildcard
 * actions (`*`) name no service and open nothing.
 */
export function awsServiceHosts(
    statements: readonly EgressStatement[],
    defaultRegion: string,
): EgressHost[] {
    const hosts = new Set<string>();
    for (const s of statements) {
        if ((s.effect ?? "Allow") !== "Allow") {
            continue;
        }
        for (const action of s.actions) {
            const service = action.split(":")[0].toLowerCase();
            if (service === "*" || !action.includes(":")) {
                continue;
            }
            const regions = s.resources
                .filter((r) => r.split(":")[2] === service)
                .map(arnRegion)
                .filter((r): r is string => r !== undefined);
            for (const region of regions.length > 0 ? regions : [defaultRegion]) {
                const names = ownValue(ENDPOINT_EXCEPTIONS, service)?.(region) ?? [
                    `${service}.${region}.amazonaws.com`,
                ];
                names.forEach((n) => hosts.add(n));
            }
        }
    }
    return [...hosts].sort().map((h) => httpsHost(h));
}

/**
 * Everything a workload may reach outside the mesh: STS when it has an IRSA role, the endpoints of the
 * AWS services its statements allow, and the hosts it declares (external APIs, data stores), deduped by
 * key in that order.
 */
export function workloadEgress(args: {
    readonly region: string;
    readonly irsa: boolean;
    readonly statements: readonly EgressStatement[];
    readonly hosts?: readonly EgressHost[];
}): EgressHost[] {
    const all = [
        ...(args.irsa ? [stsHost(args.region)] : []),
        ...awsServiceHosts(args.statements, args.region),
        ...(args.hosts ?? []),
    ];
    const seen = new Set<string>();
    return all.filter((h) => !seen.has(h.key) && seen.add(h.key));
}
