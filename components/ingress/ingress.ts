import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { WorkloadIdentity } from "../internal/labels";
import type { Platform } from "../platform/platform";
import { rolloutWeightPaths } from "../mesh-policy/routes";
import {
    buildGateway,
    buildIngressDelegate,
    buildHostVirtualService,
    ExposedService,
    exposedHosts,
    hostObjectName,
    validateExposedServices,
} from "./spec";

/** The installed gateway, as {@link ClusterAddons.ingress} describes it. */
export interface IngressGatewayRef {
    readonly namespace: string;
    readonly identity: WorkloadIdentity;
    readonly selector: Record<string, string>;
    /** DNS name of the gateway's load balancer. */
    readonly hostname: pulumi.Output<string>;
    /** Port the gateway's HTTP listener binds in the pod. */
    readonly httpPort: number;
    /** What the routes wait for (gateway namespace, chart and Service). */
    readonly ready: pulumi.Resource[];
}

/** Arguments for {@link IngressRoutes}. */
export interface IngressRoutesArgs {
    /**
     * The platform context ({@link createPlatform}); its ingress gateway must be installed. The routes
     * attach to `platform.gateway` and wait for Istio's CRDs and webhook (`platform.crds.istio`); the
     * delegate VirtualServices in the application namespace wait for that namespace too.
     */
    readonly platform: Platform;
    /** Services with an `expose` intent. @default [] (only `/health` is served) */
    readonly services?: readonly ExposedService[];
    /**
     * Private DNS: a Route 53 private hosted zone `zone` for `vpcId`, with an alias record per exposed
     * host pointing at the load balancer.
     *
     * @default - no DNS records
     */
    readonly dns?: { readonly zone: string; readonly vpcId: pulumi.Input<string> };
}

/**
 * Traffic in, from intents: the Istio `Gateway` listener on the ingress gateway, one VirtualService per
 * exposed host (`/health` plus one route per exposed service), for each service that releases as a
 * canary Rollout the delegate VirtualService Argo Rollouts shifts (so external traffic follows the
 * release; Pulumi ignores the weights Argo Rollouts writes there) and, optionally, private DNS names
 * for the load balancer. Services admit the gateway in their own AuthorizationPolicy
 * ({@link gatewayCallerRule}); nothing that is not exposed is routed.
 *
 * @example
 * new IngressRoutes("ingress", { provider, gateway: addons.ingress!, services: [{ identity, expose, retries }] });
 */
export class IngressRoutes extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:ingress:IngressRoutes";

    /** Hosts the gateway serves. */
    public readonly hosts: string[];
    /** Id of the private hosted zone, when DNS is managed. */
    public readonly zoneId?: pulumi.Output<string>;

    constructor(name: string, args: IngressRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(IngressRoutes.__pulumiType, name, {}, opts);
        const services = args.services ?? [];
        validateExposedServices(name, services);
        const platform = args.platform;
        const gw = platform.gateway;
        if (!gw) {
            throw new Error(
                `IngressRoutes '${name}': \`platform.gateway\` must be set (enable the ingress gateway add-on), got undefined`,
            );
        }
        const k8sOpts = {
            parent: this,
            provider: platform.provider,
            dependsOn: [...platform.crds.istio, ...gw.ready],
        };
        this.hosts = exposedHosts(services);

        if (this.hosts.length > 0) {
            new k8s.apiextensions.CustomResource(
                `${name}-gateway`,
                buildGateway(gw.namespace, gw.selector, this.hosts, gw.httpPort),
                k8sOpts,
            );
        }
        for (const host of this.hosts) {
            new k8s.apiextensions.CustomResource(
                `${name}-${hostObjectName(host)}`,
                buildHostVirtualService(gw.namespace, host, services),
                k8sOpts,
            );
        }
        for (const service of services.filter((s) => s.rollout)) {
            const delegate = buildIngressDelegate(service, gw.namespace);
            new k8s.apiextensions.CustomResource(`${name}-${service.identity.app}`, delegate, {
                ...k8sOpts,
                dependsOn: [...k8sOpts.dependsOn, platform.namespace.resource],
                // Argo Rollouts sets these weights during a release; an update must not reset them.
                ignoreChanges: rolloutWeightPaths(delegate),
            });
        }

        if (args.dns && this.hosts.length > 0) {
            const zone = new aws.route53.Zone(
                `${name}-zone`,
                {
                    name: args.dns.zone,
                    comment: `Private names of the ingress gateway (${this.hosts.join(", ")})`,
                    vpcs: [{ vpcId: args.dns.vpcId }],
                },
                { parent: this },
            );
            const nlbZone = aws.lb.getHostedZoneIdOutput(
                { loadBalancerType: "network" },
                { parent: this },
            );
            for (const host of this.hosts) {
                new aws.route53.Record(
                    `${name}-${hostObjectName(host)}`,
                    {
                        zoneId: zone.zoneId,
                        name: host,
                        type: "A",
                        aliases: [
                            {
                                name: gw.hostname,
                                zoneId: nlbZone.id,
                                evaluateTargetHealth: true,
                            },
                        ],
                    },
                    { parent: this },
                );
            }
            this.zoneId = zone.zoneId;
        }
        this.registerOutputs({ hosts: this.hosts, zoneId: this.zoneId });
    }
}
