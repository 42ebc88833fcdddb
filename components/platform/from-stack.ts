/**
 * The platform context of a program that does not own the cluster: built from the platform stack's
 * outputs ({@link PlatformStackOutputs}) read through a `StackReference`, so an application team's
 * program creates its services with the same components and the same golden path as the platform
 * program, in its own stack.
 *
 * The add-ons' readiness lists are empty: a stack that was `up` has its add-ons installed, and
 * resources of one stack cannot wait for resources of another.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { createPlatform, type Platform, type PlatformAddons } from "./platform";
import { PLATFORM_STACK_OUTPUTS, type PlatformFacts } from "./stack-outputs";

/** What {@link platformFromStack} takes besides the platform stack. */
export interface PlatformFromStackArgs {
    /** Name of the program's own application namespace (created, injected, after Istio). */
    readonly namespace: string;
    /**
     * A service account (in that namespace) allowed to administer every workload.
     *
     * @default - none
     */
    readonly adminServiceAccount?: string;
    /**
     * Resource name of the Kubernetes provider built from the platform's kubeconfig.
     *
     * @default "platform-k8s"
     */
    readonly providerName?: string;
    /**
     * Resource name of the namespace component ({@link createPlatform}'s `namespaceResourceName`).
     *
     * @default "apps"
     */
    readonly namespaceResourceName?: string;
}

/** The part of a `pulumi.StackReference` {@link platformFromStack} reads. */
export type PlatformStackReference = Pick<
    pulumi.StackReference,
    "getOutputDetails" | "requireOutput"
>;

/** What {@link platformFromStack} read and built. */
export interface PlatformFromStack {
    /** The platform context for the program's workloads, in its own namespace. */
    readonly platform: Platform;
    /** The platform's facts as the stack exported them (network, secrets prefix, cluster name...). */
    readonly facts: PlatformFacts;
}

/** True when `value` has the shape of {@link PlatformFacts}' required keys. */
function isPlatformFacts(value: unknown): value is PlatformFacts {
    if (value === null || typeof value !== "object") {
        return false;
    }
    const o = value as Record<string, unknown>;
    return (
        typeof o.clusterName === "string" &&
        typeof o.clusterArn === "string" &&
        typeof o.region === "string" &&
        ["oidcProvider", "nodeGroups", "network", "mesh"].every(
            (k) => o[k] !== null && typeof o[k] === "object",
        )
    );
}

/**
 * Reads the platform stack's outputs and builds the platform context from them. Async: whether the
 * platform has monitoring or a gateway decides what the program creates, so the facts are read as
 * plain values first (`export = async () => { ... }` in the program's `index.ts`).
 *
 * @example
 * const stack = new pulumi.StackReference("organization/supply-chain-platform/production");
 * const { platform, facts } = await platformFromStack(stack, { namespace: "orders" });
 */
export async function platformFromStack(
    stack: PlatformStackReference,
    args: PlatformFromStackArgs,
): Promise<PlatformFromStack> {
    const name = PLATFORM_STACK_OUTPUTS.platformFacts;
    const details = await stack.getOutputDetails(name);
    const facts = details.value ?? details.secretValue;
    if (!isPlatformFacts(facts)) {
        throw new Error(
            `the platform stack has no \`${name}\` output of the expected shape (clusterName, clusterArn, region, oidcProvider, nodeGroups, network, mesh), got ${JSON.stringify(facts)}; upgrade the platform stack to a version that exports it`,
        );
    }
    const kubeconfig = stack.requireOutput(PLATFORM_STACK_OUTPUTS.kubeconfig);
    return { platform: platformFromFacts(facts, kubeconfig, args), facts };
}

/**
 * The platform context from the platform's facts and its kubeconfig (kept secret): the Kubernetes
 * provider, the program's own namespace, and the platform's monitoring, gateway and Secrets Manager
 * coordinates with empty readiness lists.
 */
export function platformFromFacts(
    facts: PlatformFacts,
    kubeconfig: pulumi.Input<string>,
    args: PlatformFromStackArgs,
): Platform {
    // Server-side apply, as the platform's own provider (components/cluster/cluster.ts).
    const provider = new k8s.Provider(args.providerName ?? "platform-k8s", {
        kubeconfig: pulumi.secret(kubeconfig),
        enableServerSideApply: true,
    });
    const none: pulumi.Resource[] = [];
    const addons: PlatformAddons = {
        ready: {
            istio: none,
            nvidiaDevicePlugin: none,
            prometheus: none,
            verticalPodAutoscaler: none,
            externalSecrets: none,
            loadBalancerController: none,
            argoRollouts: none,
        },
        monitoring: facts.monitoring && { ...facts.monitoring, ready: none },
        ingress: facts.gateway && {
            ...facts.gateway,
            selector: { ...facts.gateway.selector },
            hostname: pulumi.output(facts.gateway.hostname),
            ready: none,
        },
        secretsManager: facts.secretsManager && {
            region: pulumi.output(facts.secretsManager.region),
            arnPrefix: pulumi.output(facts.secretsManager.arnPrefix),
            pathPrefix: facts.secretsManager.pathPrefix,
        },
        podIdentity: { clusterName: facts.clusterName, clusterArn: facts.clusterArn },
    };
    return createPlatform(
        { provider, oidc: facts.oidcProvider, nodeGroups: facts.nodeGroups },
        addons,
        {
            namespace: args.namespace,
            region: facts.region,
            trustDomain: facts.mesh.trustDomain,
            adminServiceAccount: args.adminServiceAccount,
        },
        args.namespaceResourceName,
    );
}
