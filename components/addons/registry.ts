/**
 * The add-on registry: every add-on {@link ClusterAddons} installs, one line each. They install in
 * dependency order (each after its `dependsOn`), otherwise in this order; the `addons` config schemas
 * (components/addons/schemas.ts, SDK-free) must list the same add-ons, which a test checks. docs/adding-an-addon.md says how to add one.
 */
import { argoRolloutsAddon } from "./argo-rollouts/addon";
import { clusterAutoscalerAddon } from "./cluster-autoscaler/addon";
import { installOrder } from "./core/install-order";
import { ebsCsiDriverAddon } from "./ebs-csi-driver/addon";
import { externalSecretsAddon } from "./external-secrets/addon";
import { ingressGatewayAddon } from "./ingress-gateway/addon";
import { istioAddon } from "./istio/addon";
import { awsLoadBalancerControllerAddon } from "./load-balancer-controller/addon";
import { loggingAddon } from "./logging/addon";
import { metricsServerAddon } from "./metrics-server/addon";
import { monitoringAddon } from "./monitoring/addon";
import { nvidiaDevicePluginAddon } from "./nvidia-device-plugin/addon";
import { prometheusAdapterAddon } from "./prometheus-adapter/addon";
import { tracingAddon } from "./tracing/addon";
import { verticalPodAutoscalerAddon } from "./vpa/addon";

/** Every registered add-on, in registry order. */
export const ADDONS = [
    istioAddon,
    metricsServerAddon,
    verticalPodAutoscalerAddon,
    clusterAutoscalerAddon,
    nvidiaDevicePluginAddon,
    externalSecretsAddon,
    ebsCsiDriverAddon,
    monitoringAddon,
    prometheusAdapterAddon,
    loggingAddon,
    tracingAddon,
    awsLoadBalancerControllerAddon,
    ingressGatewayAddon,
    argoRolloutsAddon,
] as const;

/** One registered add-on. */
export type RegisteredAddon = (typeof ADDONS)[number];
/** The name of a registered add-on. */
export type AddonName = RegisteredAddon["name"];
type SettingsOf<A extends RegisteredAddon> = Parameters<A["install"]>[1];
/**
 * Each registered add-on's settings, by name (what `ClusterAddonsArgs` must provide); optional where
 * the add-on takes `undefined` (off).
 */
export type AddonSettings = {
    readonly [
        A in RegisteredAddon as undefined extends SettingsOf<A> ? never : A["name"]
    ]: SettingsOf<A>;
} & {
    readonly [
        A in RegisteredAddon as undefined extends SettingsOf<A> ? A["name"] : never
    ]?: SettingsOf<A>;
};
/**
 * The registry in install order. Computed when the module loads, so a dependency cycle or a
 * dependency on an unregistered add-on stops the program before any resource is registered.
 */
export const INSTALL_ORDER: readonly RegisteredAddon[] = installOrder(ADDONS);
