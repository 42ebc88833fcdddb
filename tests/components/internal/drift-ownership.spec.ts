import * as assert from "assert";

import {
    CONTROLLER_OWNED_FIELDS,
    ownershipChecks,
    ResourceView,
} from "../../../components/internal/drift-ownership";

const ROLLOUT = "kubernetes:argoproj.io/v1alpha1:Rollout";
const VS = "kubernetes:networking.istio.io/v1:VirtualService";
const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
const SVC = "kubernetes:core/v1:Service";
const meta = (name: string) => ({ metadata: { name, namespace: "apps" } });

/** A canary Rollout routing two named VirtualService routes and a blue-green one, both compliant. */
function fixture(): ResourceView[] {
    return [
        {
            type: ROLLOUT,
            name: "inventory",
            ignoreChanges: [],
            inputs: {
                ...meta("inventory"),
                spec: {
                    strategy: {
                        canary: {
                            trafficRouting: {
                                istio: {
                                    virtualService: { name: "inventory", routes: ["a", "b"] },
                                    destinationRule: { name: "inventory" },
                                },
                            },
                        },
                    },
                },
            },
        },
        {
            type: VS,
            name: "inventory-vs",
            ignoreChanges: [
                "spec.http[1].route[0].weight",
                "spec.http[1].route[1].weight",
                "spec.http[2].route[0].weight",
                "spec.http[2].route[1].weight",
            ],
            inputs: {
                ...meta("inventory"),
                spec: {
                    http: [
                        { name: "faults", route: [{}] },
                        { name: "a", route: [{}, {}] },
                        { name: "b", route: [{}, {}] },
                    ],
                },
            },
        },
        {
            type: DR,
            name: "inventory-dr",
            ignoreChanges: ["spec.subsets"],
            inputs: meta("inventory"),
        },
        {
            type: ROLLOUT,
            name: "order",
            ignoreChanges: [],
            inputs: {
                ...meta("order"),
                spec: {
                    strategy: {
                        blueGreen: { activeService: "order", previewService: "order-preview" },
                    },
                },
            },
        },
        { type: SVC, name: "order-svc", ignoreChanges: ["spec.selector"], inputs: meta("order") },
        {
            type: SVC,
            name: "order-preview",
            ignoreChanges: ["spec.selector"],
            inputs: meta("order-preview"),
        },
        {
            type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            name: "shipping-hpa",
            ignoreChanges: [],
            inputs: {
                ...meta("shipping"),
                spec: { scaleTargetRef: { kind: "Deployment", name: "shipping" } },
            },
        },
        {
            type: "kubernetes:apps/v1:Deployment",
            name: "shipping",
            ignoreChanges: [],
            inputs: { ...meta("shipping"), spec: {} },
        },
        {
            type: "eks:index:ManagedNodeGroup",
            name: "platform-general",
            ignoreChanges: [],
            inputs: { ignoreScalingChanges: true },
        },
    ];
}

const problems = (rs: ResourceView[]) => ownershipChecks(rs).filter((c) => c.problem !== "");
const edit = (rs: ResourceView[], name: string, change: Partial<ResourceView>) =>
    rs.map((r) => (r.name === name ? { ...r, ...change } : r));

describe("drift ownership", () => {
    it("checks every owned field of the fixture and finds them all left to their owners", () => {
        assert.deepStrictEqual(
            ownershipChecks(fixture()).map((c) => [c.resource, c.field, c.problem]),
            [
                ["VirtualService apps/inventory", "spec.http[1].route[0].weight", ""],
                ["VirtualService apps/inventory", "spec.http[1].route[1].weight", ""],
                ["VirtualService apps/inventory", "spec.http[2].route[0].weight", ""],
                ["VirtualService apps/inventory", "spec.http[2].route[1].weight", ""],
                ["DestinationRule apps/inventory", "spec.subsets", ""],
                ["Service apps/order", "spec.selector", ""],
                ["Service apps/order-preview", "spec.selector", ""],
                ["Deployment apps/shipping", "spec.replicas", ""],
                ["ManagedNodeGroup platform-general", "scalingConfig.desiredSize", ""],
            ],
        );
    });

    it("fails when a routed weight is not ignored", () => {
        const rs = edit(fixture(), "inventory-vs", {
            ignoreChanges: ["spec.http[1].route[0].weight", "spec.http[1].route[1].weight"],
        });
        assert.deepStrictEqual(
            problems(rs).map((c) => c.problem),
            ["spec.http[2].route[0].weight", "spec.http[2].route[1].weight"].map(
                (p) =>
                    `Argo Rollouts writes ${p}, but it is not in ignoreChanges (["spec.http[1].route[0].weight","spec.http[1].route[1].weight"])`,
            ),
        );
    });

    it("fails when the DestinationRule's subsets or a blue-green selector are not ignored", () => {
        let rs = edit(fixture(), "inventory-dr", { ignoreChanges: [] });
        rs = edit(rs, "order-preview", { ignoreChanges: [] });
        assert.deepStrictEqual(
            problems(rs).map((c) => [c.resource, c.problem]),
            [
                [
                    "DestinationRule apps/inventory",
                    "Argo Rollouts writes spec.subsets, but it is not in ignoreChanges ([])",
                ],
                [
                    "Service apps/order-preview",
                    "Argo Rollouts writes spec.selector, but it is not in ignoreChanges ([])",
                ],
            ],
        );
    });

    it("fails when a routed object does not exist", () => {
        const rs = fixture().filter((r) => r.name !== "inventory-vs");
        assert.deepStrictEqual(problems(rs), [
            {
                resource: "VirtualService apps/inventory",
                field: "(object)",
                problem: "named by Rollout apps/inventory but not created by the program",
            },
        ]);
    });

    it("fails when an HPA's target fixes replicas, unless they are ignored", () => {
        const rs = edit(fixture(), "shipping", {
            inputs: { ...meta("shipping"), spec: { replicas: 3 } },
        });
        assert.deepStrictEqual(problems(rs), [
            {
                resource: "Deployment apps/shipping",
                field: "spec.replicas",
                problem:
                    "HorizontalPodAutoscaler apps/shipping scales it, but the program sets spec.replicas=3",
            },
        ]);
        assert.deepStrictEqual(
            problems(edit(rs, "shipping", { ignoreChanges: ["spec.replicas"] })),
            [],
        );
    });

    it("fails when a managed node group does not ignore scaling changes", () => {
        const rs = edit(fixture(), "platform-general", { inputs: {} });
        assert.deepStrictEqual(problems(rs), [
            {
                resource: "ManagedNodeGroup platform-general",
                field: "scalingConfig.desiredSize",
                problem:
                    'Cluster Autoscaler sets the desired size, but ignoreScalingChanges is "unset"',
            },
        ]);
    });

    it("lists each owned field once, with its owner and handling", () => {
        const keys = CONTROLLER_OWNED_FIELDS.map((f) => `${f.object} ${f.field}`);
        assert.strictEqual(new Set(keys).size, keys.length);
        assert.deepStrictEqual(
            CONTROLLER_OWNED_FIELDS.map((f) => [f.owner, f.handling]),
            [
                ["Argo Rollouts", "ignoreChanges"],
                ["Argo Rollouts", "ignoreChanges"],
                ["Argo Rollouts", "ignoreChanges"],
                ["HorizontalPodAutoscaler controller", "not set"],
                ["Cluster Autoscaler", "ignoreChanges"],
                ["istiod (pilot-discovery)", "not set"],
                ["istiod (pilot-discovery)", "not set"],
                ["VPA admission controller", "not a Pulumi resource"],
                ["Cluster Autoscaler, EKS, kubelet", "not a Pulumi resource"],
            ],
        );
    });
});
