/**
 * The golden path for a service: one call creates the {@link Microservice}, its {@link MeshPolicy}
 * (callers, the gateway on exposed paths, routes, canary, retries), its {@link WorkloadObservability}
 * (dashboard and SLO alerts, when monitoring is installed) and, when exposed, its ingress entry for
 * {@link IngressRoutes}.
 *
 * Not a component resource on purpose: the workload's components keep the names and the stack-root
 * parent they had before the composite existed, so their URNs (and every child's) are unchanged and a
 * stack that was `up` sees no replace or delete. A parent component would change every URN below it
 * (`urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>`) and need an alias per moved resource
 * (Pulumi docs, "Resource option: aliases").
 */
import * as pulumi from "@pulumi/pulumi";

import { Expose, ExposedService, gatewayCallerRule } from "../ingress/spec";
import { httpsEgress } from "../internal/egress";
import { MeshPolicy } from "../mesh-policy/mesh-policy";
import { DEFAULT_RETRIES, rolloutTraffic } from "../mesh-policy/routes";
import type { MicroserviceIntent } from "../microservice/args";
import type { DeliveryArgs } from "../microservice/delivery-args";
import { Microservice } from "../microservice/microservice";
import { WorkloadObservability } from "../observability/workload-observability";
import type { Platform } from "../platform/platform";
import { ownValue } from "../../lib/records";
import type { MeshIntent } from "./intent";

/** Arguments for {@link platformService}: the platform and the service's intent. */
export interface PlatformServiceArgs extends Omit<
    MicroserviceIntent,
    "callers" | "egress" | "delivery"
> {
    /** The platform context ({@link createPlatform}). */
    readonly platform: Platform;
    /** Names of the workloads (same namespace) that call this one. @default [] */
    readonly callers?: readonly string[];
    /** Traffic in from the ingress gateway: hosts and path prefix. @default - not exposed */
    readonly expose?: Expose;
    /** The service's mesh intent (egress, per-caller rules, timeout, retries, canary). @default {} */
    readonly mesh?: MeshIntent;
    /**
     * Progressive delivery with Argo Rollouts; the traffic it shifts (the service's VirtualService,
     * and its ingress delegate when exposed) and the Prometheus it queries come from the platform.
     *
     * @default - a Deployment with rolling updates
     */
    readonly delivery?: Omit<DeliveryArgs, "traffic" | "prometheusUrl">;
}

/** What {@link platformService} created. */
export interface PlatformService {
    readonly workload: Microservice;
    readonly mesh: MeshPolicy;
    readonly observability?: WorkloadObservability;
    /** The service's entry for {@link IngressRoutes}, when it is exposed and a gateway is installed. */
    readonly ingress?: ExposedService;
}

/** Creates a service on the golden path (see the file's comment for what and why no parent). */
export function platformService(name: string, args: PlatformServiceArgs): PlatformService {
    const { platform, callers = [], expose, mesh = {}, delivery, ...intent } = args;
    const gateway = platform.gateway;
    const exposed = expose !== undefined && gateway !== undefined;
    const after: pulumi.ComponentResourceOptions = { dependsOn: [platform.namespace.component] };
    const workload = new Microservice(
        name,
        {
            ...intent,
            platform,
            callers: [
                ...callers.map((caller) => platform.identity(caller)),
                // The gateway reaches exposed services only (their NetworkPolicy admits it).
                ...(exposed ? [gateway.identity] : []),
            ],
            egress: httpsEgress(mesh.egress ?? []),
            // Argo Rollouts shifts the VirtualService and DestinationRule MeshPolicy creates; an
            // exposed service's external traffic goes through its ingress delegate, which Argo
            // Rollouts shifts too (docs/operations.md, "External traffic").
            delivery: delivery && {
                ...delivery,
                traffic: rolloutTraffic(platform.identity(name), { exposed }),
            },
        },
        after,
    );
    const policy = new MeshPolicy(
        `${name}-mesh`,
        {
            platform,
            target: workload,
            allowFrom: [
                ...callers.map((caller) => ({
                    workload: { identity: platform.identity(caller) },
                    ...ownValue(mesh.rules ?? {}, caller),
                })),
                // External traffic: the gateway's identity, on the exposed paths only.
                ...(exposed ? [gatewayCallerRule(gateway.identity, expose)] : []),
            ],
            timeout: mesh.timeout,
            retries: mesh.retries,
            canary: mesh.canary,
            rollout: delivery?.strategy === "canary",
            faultInjection: mesh.faultInjection,
        },
        after,
    );
    return {
        workload,
        mesh: policy,
        observability: observe(name, platform, "service", intent.autoscaling !== undefined),
        ingress: exposed
            ? {
                  identity: workload.identity,
                  expose,
                  timeout: mesh.timeout,
                  retries: mesh.retries ?? DEFAULT_RETRIES,
                  // A canary Rollout's split is Argo Rollouts' (the config refuses a mesh canary).
                  rollout: workload.canaryPods,
              }
            : undefined,
    };
}

/** Dashboards and SLO alerts for a workload, when the platform has monitoring. */
export function observe(
    name: string,
    platform: Platform,
    dashboard: "service" | "ml-serving",
    autoscaled: boolean,
): WorkloadObservability | undefined {
    return platform.monitoring
        ? new WorkloadObservability(`${name}-observability`, {
              platform,
              workload: platform.identity(name),
              dashboard,
              autoscaled,
          })
        : undefined;
}
