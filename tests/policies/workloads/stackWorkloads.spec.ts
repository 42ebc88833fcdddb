import * as assert from "assert";

import { disallowFixedReplicasWithHpa } from "../../../policies/workloads/disallowFixedReplicasWithHpa";
import { requireMlToleration } from "../../../policies/workloads/requireMlToleration";
import { requirePodDisruptionBudget } from "../../../policies/workloads/requirePodDisruptionBudget";
import { at, Plain } from "../../helpers/edit";
import { compliantDeployment, DEPLOYMENT, podSpecOf } from "../../helpers/fixtures";
import { runStackPolicy } from "../../helpers/policy";

const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";

const deployment = (mutate: (d: Plain) => void = () => undefined) => {
    const props = compliantDeployment();
    mutate(props);
    return { type: DEPLOYMENT, name: "inventory", props };
};
const hpa = (minReplicas: number) => ({
    type: HPA,
    name: "inventory-hpa",
    props: {
        metadata: { name: "inventory", namespace: "supply-chain" },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "inventory" },
            minReplicas,
            maxReplicas: 20,
        },
    },
});
const pdb = (spec: Record<string, unknown>) => ({
    type: PDB,
    name: "inventory-pdb",
    props: {
        metadata: { name: "inventory", namespace: "supply-chain" },
        spec: { selector: { matchLabels: { app: "inventory" } }, ...spec },
    },
});

describe("workloads-require-pod-disruption-budget (stack)", () => {
    it("passes a 3-replica Deployment with maxUnavailable 1", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requirePodDisruptionBudget, [
                deployment(),
                pdb({ maxUnavailable: 1 }),
            ]),
            [],
        );
    });

    it("fails when no PDB selects the pods", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requirePodDisruptionBudget, [
                deployment(),
                {
                    ...pdb({ maxUnavailable: 1 }),
                    props: {
                        metadata: { namespace: "supply-chain", name: "x" },
                        spec: { selector: { matchLabels: { app: "order" } }, maxUnavailable: 1 },
                    },
                },
            ]),
            [
                [
                    "inventory",
                    `Deployment 'supply-chain/inventory' runs 3 replicas without a PodDisruptionBudget selecting its pods {"app":"inventory","version":"v1.2.3"}; add one with maxUnavailable: 1.`,
                ],
            ],
        );
    });

    it("fails when minAvailable blocks every eviction at the HPA's minimum", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requirePodDisruptionBudget, [
                deployment((d) => delete at(d, "spec").replicas),
                hpa(2),
                pdb({ minAvailable: 2 }),
            ]),
            [
                [
                    "inventory-pdb",
                    "PodDisruptionBudget 'supply-chain/inventory' spec.minAvailable=2 blocks every eviction of Deployment 'supply-chain/inventory' at 2 replica(s); use a value below 2 or maxUnavailable: 1.",
                ],
            ],
        );
    });

    it("fails when maxUnavailable is 0 or lets every replica go", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requirePodDisruptionBudget, [
                deployment(),
                pdb({ maxUnavailable: 0 }),
            ]),
            [
                [
                    "inventory-pdb",
                    "PodDisruptionBudget 'supply-chain/inventory' spec.maxUnavailable=0 blocks every eviction of Deployment 'supply-chain/inventory' (node drains hang); allow at least 1.",
                ],
            ],
        );
        assert.deepStrictEqual(
            await runStackPolicy(requirePodDisruptionBudget, [
                deployment(),
                pdb({ maxUnavailable: "100%" }),
            ]),
            [
                [
                    "inventory-pdb",
                    `PodDisruptionBudget 'supply-chain/inventory' spec.maxUnavailable="100%" lets all 3 replica(s) of Deployment 'supply-chain/inventory' go at once; use a value below 3.`,
                ],
            ],
        );
    });

    it("skips single-replica workloads without an HPA", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requirePodDisruptionBudget, [
                deployment((d) => (at(d, "spec").replicas = 1)),
            ]),
            [],
        );
    });
});

describe("workloads-disallow-fixed-replicas-with-hpa (stack)", () => {
    it("passes when the HPA owns the replica count", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(disallowFixedReplicasWithHpa, [
                deployment((d) => delete at(d, "spec").replicas),
                hpa(2),
            ]),
            [],
        );
    });

    it("fails when the Deployment also fixes replicas", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(disallowFixedReplicasWithHpa, [deployment(), hpa(2)]),
            [
                [
                    "inventory",
                    "Deployment 'supply-chain/inventory' sets spec.replicas=3 but HorizontalPodAutoscaler 'supply-chain/inventory' scales it; remove spec.replicas so updates do not reset the HPA's choice.",
                ],
            ],
        );
    });

    it("ignores an HPA in another namespace", async () => {
        const other = hpa(2);
        other.props.metadata.namespace = "other";
        assert.deepStrictEqual(
            await runStackPolicy(disallowFixedReplicasWithHpa, [deployment(), other]),
            [],
        );
    });
});

describe("workloads-require-ml-toleration (stack)", () => {
    const mlGroup = {
        type: "eks:index:ManagedNodeGroup",
        name: "platform-ml",
        props: {
            nodeGroupName: "prod-ml",
            labels: { workload: "ml-processing" },
            taints: [{ key: "workload", value: "ml", effect: "NO_SCHEDULE" }],
        },
    };
    const toleration = { key: "workload", operator: "Equal", value: "ml", effect: "NoSchedule" };
    const affinity = {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                    {
                        matchExpressions: [
                            { key: "workload", operator: "In", values: ["ml-processing"] },
                        ],
                    },
                ],
            },
        },
    };

    it("passes an ML workload that selects and tolerates the group, and a general one that does neither", async () => {
        const ml = deployment((d) =>
            Object.assign(podSpecOf(d), {
                tolerations: [toleration],
                affinity: { ...at(podSpecOf(d), "affinity"), ...affinity },
            }),
        );
        assert.deepStrictEqual(
            await runStackPolicy(requireMlToleration, [
                mlGroup,
                ml,
                { ...deployment(), name: "general" },
            ]),
            [],
        );
    });

    it("fails a workload that selects the ML group without the toleration", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requireMlToleration, [
                mlGroup,
                deployment(
                    (d) =>
                        (podSpecOf(d).nodeSelector = {
                            workload: "ml-processing",
                        }),
                ),
            ]),
            [
                [
                    "inventory",
                    `Deployment 'supply-chain/inventory' selects node group 'prod-ml' ({"workload":"ml-processing"}) but does not tolerate its taint workload=ml:NoSchedule (spec.template.spec.tolerations); it would never schedule. Add the toleration.`,
                ],
            ],
        );
    });

    it("fails a workload that tolerates the ML taint without selecting the group", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requireMlToleration, [
                mlGroup,
                deployment(
                    (d) => (podSpecOf(d).tolerations = [{ key: "workload", operator: "Exists" }]),
                ),
            ]),
            [
                [
                    "inventory",
                    `Deployment 'supply-chain/inventory' tolerates node group 'prod-ml' taint workload=ml:NoSchedule but does not select the group (spec.template.spec.nodeSelector or nodeAffinity); add a node affinity for {"workload":"ml-processing"} or drop the toleration.`,
                ],
            ],
        );
    });

    it("uses the configured node groups when the stack declares none (plain manifests)", async () => {
        const found = await runStackPolicy(
            requireMlToleration,
            [deployment((d) => (podSpecOf(d).nodeSelector = { pool: "gpu" }))],
            {
                taintedNodeGroups: [
                    {
                        name: "gpu",
                        labels: { pool: "gpu" },
                        taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
                    },
                ],
            },
        );
        assert.strictEqual(found.length, 1);
        assert.match(found[0][1], /selects node group 'gpu'/);
    });
});
