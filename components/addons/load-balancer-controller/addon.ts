/**
 * The `awsLoadBalancerController` add-on: the AWS Load Balancer Controller with an IRSA role (upstream's
 * policy scoped to this cluster).
 */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import {
    installLoadBalancerController,
    loadBalancerControllerValues,
    loadBalancerControllerWorkload,
} from "./load-balancer-controller";
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
    workloads: (_settings: ChartSource, context: AddonWorkloadContext): ChartWorkload[] => {
        const pem = "-----BEGIN CERTIFICATE-----";
        return [
            loadBalancerControllerWorkload(
                loadBalancerControllerValues({
                    clusterName: "cluster",
                    region: "region",
                    vpcId: "vpc",
                    webhookTls: { caCert: pem, cert: pem, key: "key" },
                    highAvailability: context.highAvailability,
                }),
            ),
        ];
    },
} as const satisfies Addon<ChartSource>;
