import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { Platform } from "../platform/platform";
import { buildSidecar } from "./egress";
import {
    buildDestinationRule,
    buildVirtualService,
    Canary,
    DEFAULT_RETRIES,
    FaultInjection,
    RetryPolicy,
    ROLLOUT_SUBSET_PATHS,
    rolloutWeightPaths,
} from "./routes";
import { buildAuthorizationPolicy, CallerRule, MeshWorkload } from "./spec";

/** Arguments for {@link MeshPolicy}. */
export interface MeshPolicyArgs {
    /**
     * The platform context ({@link createPlatform}): provider, the mesh's trust domain and admin
     * identities, and Istio's readiness (Istio's CRDs and webhook, and the namespace), which every
     * child waits for (a component's own `dependsOn` does not pass on to its children).
     */
    readonly platform: Platform;
    /** The service the policy protects and routes (a Microservice or MLWorkload). */
    readonly target: MeshWorkload;
    /**
     * Who may call the target: workloads (any method and path) or rules with methods and paths.
     * Principals are derived from the callers' identities, never typed by hand.
     *
     * @default [] (nobody: the namespace default denies everything)
     */
    readonly allowFrom?: readonly (MeshWorkload | CallerRule)[];
    /** Route timeout. @default "10s" */
    readonly timeout?: string;
    /**
     * Retries: `retryOn` for idempotent requests, only `connect-failure,refused-stream` for the rest.
     *
     * @default the seed's: 3 attempts, 2s per try, 5xx,reset,connect-failure,refused-stream
     */
    readonly retries?: RetryPolicy;
    /**
     * Canary routing by weight and header. Needs canary pods (`target.canaryPods`): a weight or header
     * towards a subset with no endpoints would fail those requests with 503.
     *
     * @default - none
     */
    readonly canary?: Canary;
    /**
     * Argo Rollouts shifts this service's traffic (the target runs as a canary Rollout): the weighted
     * routes carry both subsets (stable 100, canary 0), the header route is Argo Rollouts' managed
     * route, and Pulumi ignores the fields Argo Rollouts writes (route weights, subset labels) so an
     * update never resets a release in progress. Needs canary pods; excludes `canary`.
     *
     * @default false
     */
    readonly rollout?: boolean;
    /** Fault injection for chaos tests; the config forbids it in production. @default - none */
    readonly faultInjection?: FaultInjection;
}

const isRule = (c: MeshWorkload | CallerRule): c is CallerRule => "workload" in c;

/** Validates what the config cannot see (library use): weights and the canary's pods. */
export function validateMeshPolicyArgs(name: string, args: MeshPolicyArgs): void {
    const fail = (path: string, rule: string, value: unknown): never => {
        throw new Error(`MeshPolicy '${name}': \`${path}\` ${rule}, got ${JSON.stringify(value)}`);
    };
    if (args.rollout) {
        if (!args.target.canaryPods) {
            fail(
                "rollout",
                "needs a target that runs canary pods (a canary Rollout)",
                args.rollout,
            );
        }
        if (args.canary) {
            fail(
                "canary",
                "must be unset with rollout (Argo Rollouts sets the weights and header route)",
                args.canary,
            );
        }
    }
    if (args.canary) {
        if (!(args.canary.weight >= 0 && args.canary.weight <= 100)) {
            fail("canary.weight", "must be between 0 and 100", args.canary.weight);
        }
        if (!args.target.canaryPods) {
            if (args.canary.weight > 0) {
                fail(
                    "canary.weight",
                    "must be 0 while the target runs no canary pods (no canary subset exists)",
                    args.canary.weight,
                );
            }
            if (args.canary.header) {
                fail(
                    "canary.header",
                    "must be unset while the target runs no canary pods (no canary subset exists)",
                    args.canary.header,
                );
            }
        }
    }
    for (const r of args.retries?.idempotentRoutes ?? []) {
        if ((r.prefix === undefined) === (r.exact === undefined)) {
            fail("retries.idempotentRoutes", "entries must set exactly one of prefix and exact", r);
        }
    }
}

/**
 * Istio policy for one service from declared intents: an ALLOW AuthorizationPolicy for its callers, a
 * DestinationRule (mTLS, connection pool, outlier detection, subsets), a VirtualService (timeout,
 * retries, canary routing, optional fault injection) and a Sidecar that lets it reach only its own
 * external hosts.
 *
 * @example
 * new MeshPolicy("inventory", { provider, target: inventory, allowFrom: [{ workload: order, methods: ["GET", "POST", "PUT"] }] });
 */
export class MeshPolicy extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:mesh:MeshPolicy";

    /** The principals allowed to call the target. */
    public readonly allowedPrincipals: string[];

    constructor(name: string, args: MeshPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super(MeshPolicy.__pulumiType, name, {}, opts);
        validateMeshPolicyArgs(name, args);
        const platform = args.platform;
        const trustDomain = platform.mesh.trustDomain;
        const callers = (args.allowFrom ?? []).map((c) => (isRule(c) ? c : { workload: c }));
        const k8sOpts = {
            parent: this,
            provider: platform.provider,
            dependsOn: platform.mesh.ready,
        };
        const target = args.target.identity;

        const authz = buildAuthorizationPolicy(target, callers, platform.mesh.admins, trustDomain);
        new k8s.apiextensions.CustomResource(`${name}-authz`, authz, k8sOpts);
        const canaryPods = args.target.canaryPods ?? false;
        const rollout = args.rollout ?? false;
        new k8s.apiextensions.CustomResource(
            `${name}-dr`,
            buildDestinationRule(target, canaryPods),
            { ...k8sOpts, ...(rollout ? { ignoreChanges: ROLLOUT_SUBSET_PATHS } : {}) },
        );
        const vs = buildVirtualService(target, {
            timeout: args.timeout ?? "10s",
            retries: args.retries ?? DEFAULT_RETRIES,
            canary: rollout ? { weight: 0 } : canaryPods ? args.canary : undefined,
            fault: args.faultInjection,
        });
        new k8s.apiextensions.CustomResource(`${name}-vs`, vs, {
            ...k8sOpts,
            ...(rollout ? { ignoreChanges: rolloutWeightPaths(vs) } : {}),
        });
        new k8s.apiextensions.CustomResource(
            `${name}-sidecar`,
            buildSidecar(target, args.target.egress ?? []),
            k8sOpts,
        );

        this.allowedPrincipals = authz.spec.rules.flatMap((r) =>
            r.from.map((f) => f.source.principals[0]),
        );
        this.registerOutputs({ allowedPrincipals: this.allowedPrincipals });
    }
}
