import * as assert from "assert";

import { requirePodAntiAffinity } from "../../../policies/workloads/requirePodAntiAffinity";
import { compliantDeployment, DEPLOYMENT } from "../../helpers/fixtures";
import { policyCases, runResourcePolicy } from "../../helpers/policy";
import { at } from "../../helpers/edit";

const D = "Deployment 'supply-chain/inventory'";
const FIX =
    'add a preferred term with topologyKey kubernetes.io/hostname selecting labels {"app":"inventory","version":"v1.2.3"}.';

describe("workloads-require-pod-anti-affinity", () => {
    policyCases(requirePodAntiAffinity, DEPLOYMENT, compliantDeployment, [
        {
            name: "a 3-replica Deployment has no anti-affinity",
            mutate: (d) => delete at(d, "spec", "template", "spec").affinity,
            expected: [
                `${D} with 3 replicas has no pod anti-affinity (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
        {
            name: "the selector does not match the pod's own labels",
            mutate: (d) =>
                (at(
                    d,
                    "spec",
                    "template",
                    "spec",
                    "affinity",
                    "podAntiAffinity",
                    "preferredDuringSchedulingIgnoredDuringExecution",
                    0,
                    "podAffinityTerm",
                ).labelSelector = { matchLabels: { app: "order" } }),
            expected: [
                `${D} with 3 replicas has no pod anti-affinity term on an approved topologyKey whose labelSelector matches its own pod labels (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
        {
            name: "the topology key is not an approved one",
            mutate: (d) =>
                (at(
                    d,
                    "spec",
                    "template",
                    "spec",
                    "affinity",
                    "podAntiAffinity",
                    "preferredDuringSchedulingIgnoredDuringExecution",
                    0,
                    "podAffinityTerm",
                ).topologyKey = "node.kubernetes.io/instance-type"),
            expected: [
                `${D} with 3 replicas has no pod anti-affinity term on an approved topologyKey whose labelSelector matches its own pod labels (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
        {
            name: "replicas are unset (HPA-managed) and there is no anti-affinity",
            mutate: (d) => {
                delete at(d, "spec").replicas;
                delete at(d, "spec", "template", "spec").affinity;
            },
            expected: [
                `${D} with an unset replica count (HPA-managed) has no pod anti-affinity (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
    ]);

    it("accepts required anti-affinity with matchExpressions on the zone", async () => {
        const d = compliantDeployment();
        at(d, "spec", "template", "spec", "affinity").podAntiAffinity = {
            requiredDuringSchedulingIgnoredDuringExecution: [
                {
                    topologyKey: "topology.kubernetes.io/zone",
                    labelSelector: {
                        matchExpressions: [{ key: "app", operator: "In", values: ["inventory"] }],
                    },
                },
            ],
        };
        assert.deepStrictEqual(await runResourcePolicy(requirePodAntiAffinity, DEPLOYMENT, d), []);
    });

    it("skips single-replica workloads", async () => {
        const d = compliantDeployment();
        at(d, "spec").replicas = 1;
        delete at(d, "spec", "template", "spec").affinity;
        assert.deepStrictEqual(await runResourcePolicy(requirePodAntiAffinity, DEPLOYMENT, d), []);
    });

    it("does not apply to DaemonSets", async () => {
        assert.ok(
            "notApplicable" in
                (await runResourcePolicy(
                    requirePodAntiAffinity,
                    "kubernetes:apps/v1:DaemonSet",
                    compliantDeployment(),
                )),
        );
    });

    it("accepts a configured topology key", async () => {
        const d = compliantDeployment();
        at(
            d,
            "spec",
            "template",
            "spec",
            "affinity",
            "podAntiAffinity",
            "preferredDuringSchedulingIgnoredDuringExecution",
            0,
            "podAffinityTerm",
        ).topologyKey = "rack";
        assert.deepStrictEqual(
            await runResourcePolicy(requirePodAntiAffinity, DEPLOYMENT, d, {
                topologyKeys: ["rack"],
            }),
            [],
        );
    });
});
