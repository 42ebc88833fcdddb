/**
 * Fields another controller owns by design, and how the program leaves them to it, so that the
 * nightly `pulumi preview --refresh --expect-no-changes` stays quiet on a healthy cluster.
 *
 * Why `ignoreChanges` is enough for drift: since pulumi/pulumi#16146 (2024) a refresh reports its diff
 * against the program's desired state and applies each resource's `ignoreChanges` (stored in state),
 * so a value another controller writes at an ignored path is neither reported nor written back; a
 * preview then diffs the program's inputs with the old inputs at ignored paths
 * (https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/). A field the program never sets is
 * not part of a Kubernetes resource's inputs, so it never shows in either diff.
 */
import { field } from "../../lib/kubernetes";

/** How the program stays out of a controller's way. */
export type Handling = "ignoreChanges" | "not set" | "not a Pulumi resource";

/** One field a controller other than Pulumi writes. */
export interface ControllerOwnedField {
    /** The object, in words (which objects of the kind). */
    readonly object: string;
    /** The field path. */
    readonly field: string;
    /** The controller that writes it. */
    readonly owner: string;
    readonly handling: Handling;
    /** Why, and where the behaviour is documented or implemented upstream. */
    readonly reason: string;
}

/** Every field another controller owns by design, as documented in docs/operations.md ("Drift"). */
export const CONTROLLER_OWNED_FIELDS: readonly ControllerOwnedField[] = [
    {
        object: "VirtualService named by a Rollout's trafficRouting.istio.virtualService(s)",
        field: "spec.http[i].route[j].weight of each route the Rollout names",
        owner: "Argo Rollouts",
        handling: "ignoreChanges",
        reason: "sets the canary weights at each step (argoproj/argo-rollouts rollout/trafficrouting/istio/istio.go)",
    },
    {
        object: "DestinationRule named by a Rollout's trafficRouting.istio.destinationRule",
        field: "spec.subsets",
        owner: "Argo Rollouts",
        handling: "ignoreChanges",
        reason: "adds rollouts-pod-template-hash to the stable and canary subsets (istio.go, UpdateHash)",
    },
    {
        object: "Services named by a Rollout's blueGreen.activeService/previewService or canary.stableService/canaryService",
        field: "spec.selector",
        owner: "Argo Rollouts",
        handling: "ignoreChanges",
        reason: "adds rollouts-pod-template-hash to the selector (components/microservice/delivery.ts, blueGreenStrategy)",
    },
    {
        object: "Deployment or Rollout scaled by a HorizontalPodAutoscaler",
        field: "spec.replicas",
        owner: "HorizontalPodAutoscaler controller",
        handling: "not set",
        reason: "the HPA writes the scale subresource; a declared count would be reverted on every up",
    },
    {
        object: "EKS managed node group (pulumi-eks ManagedNodeGroup)",
        field: "scalingConfig.desiredSize",
        owner: "Cluster Autoscaler",
        handling: "ignoreChanges",
        reason: "ignoreScalingChanges: true makes pulumi-eks ignore changes to the desired size, for Cluster Autoscaler (pulumi-eks v3 ManagedNodeGroup docs and release notes)",
    },
    {
        object: "ValidatingWebhookConfigurations istiod-default-validator and istio-validator-istio-system",
        field: "webhooks[*].failurePolicy",
        owner: "istiod (pilot-discovery)",
        handling: "not set",
        reason: "removed from the charts' output by a transform (components/addons/istio/istio-webhooks.ts); istiod turns Ignore into Fail",
    },
    {
        object: "ValidatingWebhookConfigurations istiod-default-validator and istio-validator-istio-system",
        field: "webhooks[*].clientConfig.caBundle",
        owner: "istiod (pilot-discovery)",
        handling: "not set",
        reason: "the charts render it only with base.validationCABundle, which we leave empty; istiod patches its CA in",
    },
    {
        object: "Pods of workloads under a VerticalPodAutoscaler (updateMode Initial, Recreate or Auto)",
        field: "spec.containers[*].resources",
        owner: "VPA admission controller",
        handling: "not a Pulumi resource",
        reason: "VPA writes requests into Pods at admission, never into the Deployment's template (kubernetes/autoscaler vertical-pod-autoscaler README, 'Update policy')",
    },
    {
        object: "Nodes",
        field: "metadata.labels, spec.taints",
        owner: "Cluster Autoscaler, EKS, kubelet",
        handling: "not a Pulumi resource",
        reason: "nodes are created by the node groups' Auto Scaling groups; node labels and taints are declared on the node group",
    },
];

/** What the check reads of one registered resource. */
export interface ResourceView {
    readonly type: string;
    readonly name: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly ignoreChanges: readonly string[];
}

/** One field the check looked at: which resource, which path, and whether it is left to its owner. */
export interface OwnershipCheck {
    readonly resource: string;
    readonly field: string;
    /** Empty when the field is left to its owner; else what is wrong. */
    readonly problem: string;
}

const K8S = (group: string, kind: string) => (t: string) =>
    new RegExp(`^kubernetes:${group.replace(/\./g, "\\.")}/[^:]+:${kind}$`).test(t);
const isRollout = K8S("argoproj.io", "Rollout");
const isVirtualService = K8S("networking.istio.io", "VirtualService");
const isDestinationRule = K8S("networking.istio.io", "DestinationRule");
const isService = K8S("core", "Service");
const isHpa = K8S("autoscaling", "HorizontalPodAutoscaler");
const isScalable = (t: string) => K8S("apps", "Deployment")(t) || isRollout(t);

const nsOf = (r: ResourceView) => String(field(r.inputs, "metadata", "namespace") ?? "default");
const nameOf = (r: ResourceView) => String(field(r.inputs, "metadata", "name") ?? r.name);
const label = (r: ResourceView) => `${r.type.split(":").pop()} ${nsOf(r)}/${nameOf(r)}`;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function find(
    resources: readonly ResourceView[],
    is: (t: string) => boolean,
    namespace: string,
    name: unknown,
): ResourceView | undefined {
    return resources.find((r) => is(r.type) && nsOf(r) === namespace && nameOf(r) === name);
}

/** A path is left to its owner when ignored itself or under an ignored ancestor. */
function ignored(r: ResourceView, path: string): boolean {
    return r.ignoreChanges.some(
        (p) => p === path || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
    );
}

function ignoreCheck(r: ResourceView, path: string, owner: string): OwnershipCheck {
    return {
        resource: label(r),
        field: path,
        problem: ignored(r, path)
            ? ""
            : `${owner} writes ${path}, but it is not in ignoreChanges (${JSON.stringify(r.ignoreChanges)})`,
    };
}

/** The Rollout-routed objects: weights, subsets and selectors Argo Rollouts writes. */
function rolloutChecks(
    resources: readonly ResourceView[],
    rollout: ResourceView,
): OwnershipCheck[] {
    const ns = nsOf(rollout);
    const checks: OwnershipCheck[] = [];
    const missing = (kind: string, name: unknown) => ({
        resource: `${kind} ${ns}/${String(name)}`,
        field: "(object)",
        problem: `named by ${label(rollout)} but not created by the program`,
    });
    const canary = field(rollout.inputs, "spec", "strategy", "canary");
    const istio = field(canary, "trafficRouting", "istio");
    const virtualServices = [
        ...(field(istio, "virtualService") ? [field(istio, "virtualService")] : []),
        ...list(field(istio, "virtualServices")),
    ];
    for (const ref of virtualServices) {
        const vs = find(resources, isVirtualService, ns, field(ref, "name"));
        if (!vs) {
            checks.push(missing("VirtualService", field(ref, "name")));
            continue;
        }
        const named = list(field(ref, "routes"));
        const http = list(field(vs.inputs, "spec", "http"));
        http.forEach((h, i) => {
            // Without `routes`, Argo Rollouts uses the only HTTP route (a VirtualService with one).
            if (named.length > 0 ? named.includes(field(h, "name")) : http.length === 1) {
                list(field(h, "route")).forEach((_, j) =>
                    checks.push(
                        ignoreCheck(vs, `spec.http[${i}].route[${j}].weight`, "Argo Rollouts"),
                    ),
                );
            }
        });
    }
    const drName = field(istio, "destinationRule", "name");
    if (drName !== undefined) {
        const dr = find(resources, isDestinationRule, ns, drName);
        checks.push(
            dr
                ? ignoreCheck(dr, "spec.subsets", "Argo Rollouts")
                : missing("DestinationRule", drName),
        );
    }
    const blueGreen = field(rollout.inputs, "spec", "strategy", "blueGreen");
    const services = [
        field(blueGreen, "activeService"),
        field(blueGreen, "previewService"),
        field(canary, "stableService"),
        field(canary, "canaryService"),
    ].filter((s) => s !== undefined && s !== null);
    for (const name of services) {
        const svc = find(resources, isService, ns, name);
        checks.push(
            svc ? ignoreCheck(svc, "spec.selector", "Argo Rollouts") : missing("Service", name),
        );
    }
    return checks;
}

/** Every field of {@link CONTROLLER_OWNED_FIELDS} the program's resources could touch, checked. */
export function ownershipChecks(resources: readonly ResourceView[]): OwnershipCheck[] {
    const checks: OwnershipCheck[] = [];
    for (const r of resources) {
        if (isRollout(r.type)) {
            checks.push(...rolloutChecks(resources, r));
        }
        if (isHpa(r.type)) {
            const ref = field(r.inputs, "spec", "scaleTargetRef");
            const target = find(
                resources,
                (t) => isScalable(t) && t.endsWith(`:${String(field(ref, "kind"))}`),
                nsOf(r),
                field(ref, "name"),
            );
            if (target) {
                const set = field(target.inputs, "spec", "replicas") !== undefined;
                checks.push({
                    resource: label(target),
                    field: "spec.replicas",
                    problem:
                        set && !ignored(target, "spec.replicas")
                            ? `${label(r)} scales it, but the program sets spec.replicas=${JSON.stringify(field(target.inputs, "spec", "replicas"))}`
                            : "",
                });
            }
        }
        if (r.type === "eks:index:ManagedNodeGroup") {
            checks.push({
                resource: `ManagedNodeGroup ${r.name}`,
                field: "scalingConfig.desiredSize",
                problem:
                    r.inputs.ignoreScalingChanges === true
                        ? ""
                        : `Cluster Autoscaler sets the desired size, but ignoreScalingChanges is ${JSON.stringify(r.inputs.ignoreScalingChanges ?? "unset")}`,
            });
        }
    }
    return checks;
}
