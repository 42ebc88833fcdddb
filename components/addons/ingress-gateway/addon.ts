/**
 * The `ingressGateway` add-on: the Istio ingress gateway (chart versioned with `istio`) behind a load
 * balancer. Its settings come from the `ingress` config key, so it has no `addons` schema.
 */
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { istioAddon } from "../istio/addon";
import { awsLoadBalancerControllerAddon } from "../load-balancer-controller/addon";
import {
    IngressGatewayInfo,
    IngressGatewaySettings,
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
} as const satisfies Addon<IngressGatewaySettings | undefined, IngressGatewayInfo>;
