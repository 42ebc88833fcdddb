/**
 * The `addons.<name>` config schemas, one per registered add-on that has one, in registry order.
 * Free of the Pulumi SDKs (only the add-ons' `schema.ts` files), so config validation runs before any
 * SDK loads; tests/components/addons/registry.spec.ts checks that it agrees with the registry.
 */
import { argoRolloutsSchema } from "./argo-rollouts/schema";
import { clusterAutoscalerSchema } from "./cluster-autoscaler/schema";
import { ebsCsiDriverSchema } from "./ebs-csi-driver/schema";
import { externalSecretsSchema } from "./external-secrets/schema";
import { istioSchema } from "./istio/schema";
import { awsLoadBalancerControllerSchema } from "./load-balancer-controller/schema";
import { loggingSchema } from "./logging/schema";
import { metricsServerSchema } from "./metrics-server/schema";
import { monitoringSchema } from "./monitoring/schema";
import { nvidiaDevicePluginSchema } from "./nvidia-device-plugin/schema";
import { prometheusAdapterSchema } from "./prometheus-adapter/schema";
import { tracingSchema } from "./tracing/schema";
import { verticalPodAutoscalerSchema } from "./vpa/schema";

export const ADDON_SCHEMAS = {
    istio: istioSchema,
    metricsServer: metricsServerSchema,
    verticalPodAutoscaler: verticalPodAutoscalerSchema,
    clusterAutoscaler: clusterAutoscalerSchema,
    nvidiaDevicePlugin: nvidiaDevicePluginSchema,
    externalSecrets: externalSecretsSchema,
    ebsCsiDriver: ebsCsiDriverSchema,
    monitoring: monitoringSchema,
    prometheusAdapter: prometheusAdapterSchema,
    logging: loggingSchema,
    tracing: tracingSchema,
    awsLoadBalancerController: awsLoadBalancerControllerSchema,
    argoRollouts: argoRolloutsSchema,
} as const;
