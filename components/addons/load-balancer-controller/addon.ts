/**
 * The `awsLoadBalancerController` add-on: the AWS Load Balancer Controller with an IRSA role (upstream's
 * policy scoped to this cluster).
 */
import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { installLoadBalancerController } from "./load-balancer-controller";
import { awsLoadBalancerControllerSchema } from "./schema";

export const awsLoadBalancerControllerAddon = {
    name: "awsLoadBalancerController",
    schema: awsLoadBalancerControllerSchema,
    dependsOn: [],
    enabled: (settings: ChartSource) => settings.enabled,
    install(context: AddonContext, settings: ChartSource): AddonInstall {
        const ready = installLoadBalancerController(context, {
            source: settings,
            clusterName: context.clusterName,
            vpcId: context.vpcId,
            highAvailability: context.highAvailability,
        });
        return { ready };
    },
} as const satisfies Addon<ChartSource>;
