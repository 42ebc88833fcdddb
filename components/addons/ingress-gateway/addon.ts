/**
 * The `ingressGateway` add-on: the Istio ingress gateway (chart versioned with `istio`) behind a load
 * balancer. Its settings come from the `ingress` config key, so it has no `addons` schema.
 */
import type { ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";

import { istioAddon } from "../istio/addon";
import { awsLoadBalancerControllerAddon } from "../load-balancer-controller/addon";
import {
    gatewayValues,
    IngressGatewayInfo,
    IngressGatewaySettings,
    ingressGatewayWorkload,
    installIngressGateway,
} from "./ingress-gateway";

export const ingressGatewayAddon = {
    name: "ingressGateway",
    schema: undefined,
    dependsOn: [istioAddon.name, awsLoadBalancerControllerAddon.name],
    enabled: (settings: IngressGatewaySettings | undefined) => settings !== undefined,
    install(
        context: AddonContext,
        settings: IngressGatewaySettings | undefined,
    ): AddonInstall<IngressGatewayInfo> {
        if (settings === undefined) {
            return { ready: [] };
        }
        const gateway = installIngressGateway(context, {
            ...settings,
            source: context.settingsOf(istioAddon),
            istio: context.installed(istioAddon)?.ready ?? [],
            loadBalancerController: context.installed(awsLoadBalancerControllerAddon)?.ready ?? [],
        });
        return { ready: gateway.ready, outputs: gateway };
    },
    workloads: (
        settings: IngressGatewaySettings | undefined,
        _context: AddonWorkloadContext,
    ): ChartWorkload[] =>
        settings === undefined
            ? []
            : [ingressGatewayWorkload(settings.namespace, gatewayValues(settings))],
} as const satisfies Addon<IngressGatewaySettings | undefined, IngressGatewayInfo>;
