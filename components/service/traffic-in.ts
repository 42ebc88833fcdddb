/**
 * Traffic in: one {@link IngressRoutes} for every exposed golden-path service, when the platform has an
 * ingress gateway. A plain function: the component keeps its name (`ingress`) and the stack-root parent.
 */
import * as pulumi from "@pulumi/pulumi";

import { IngressRoutes } from "../ingress/ingress";
import type { Platform } from "../platform/platform";
import type { PlatformService } from "./platform-service";

/** The stack's ingress settings used here (config key `ingress`, validated). */
export interface TrafficInSettings {
    /** Route 53 records in this zone for every host. @default - no records */
    readonly dns?: { readonly zone: string };
    /** The gateway's certificate: it serves HTTPS when set. @default - HTTP only */
    readonly tls?: { readonly certificateArn: string };
}

/** The ingress routes for `services`, or undefined when the platform has no gateway. */
export function trafficIn(
    platform: Platform,
    services: readonly PlatformService[],
    settings: TrafficInSettings,
    vpcId: pulumi.Input<string>,
): IngressRoutes | undefined {
    if (!platform.gateway) {
        return undefined;
    }
    return new IngressRoutes("ingress", {
        platform,
        services: services.flatMap((s) => (s.ingress ? [s.ingress] : [])),
        dns: settings.dns && { zone: settings.dns.zone, vpcId },
    });
}

/** What the deploy smoke test calls: the gateway's own `/health` on the first exposed host. */
export function ingressHealthUrl(
    ingress: IngressRoutes | undefined,
    settings: TrafficInSettings,
): string | undefined {
    return ingress && ingress.hosts.length > 0
        ? `${settings.tls ? "https" : "http"}://${ingress.hosts[0]}/health`
        : undefined;
}
