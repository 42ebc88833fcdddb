import * as assert from "assert";

import { requirePodAntiAffinity } from "../../../policies/workloads/requirePodAntiAffinity";
import { at, Plain } from "../../helpers/edit";
import { compliantDeployment, DEPLOYMENT, podSpecOf } from "../../helpers/fixtures";
import { policyCases, runResourcePolicy } from "../../helpers/policy";

const D = "Deployment 'supply-chain/inventory'";
const FIX =
    'add a preferred term with topologyKey kubernetes.io/hostname selecting labels {"app":"inventory","version":"v1.2.3"}.';

/** The pod affinity term of the fixture's preferred anti-affinity rule. */
const preferredTerm = (d: Plain) =>
    at(
        podSpecOf(d),
        "affinity",
        "podAntiAffinity",
        "preferredDuringSchedulingIgnoredDuringExecution",
        0,
        "podAffinityTerm",
    );

describe("workloads-require-pod-anti-affinity", () => {
    policyCases(requirePodAntiAffinity, DEPLOYMENT, compliantDeployment, [
        {
            name: "a 3-replica Deployment has no anti-affinity",
            mutate: (d) => delete podSpecOf(d).affinity,
            expected: [
                `${D} with 3 replicas has no pod anti-affinity (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
        {
            name: "the selector does not match the pod's own labels",
            mutate: (d) => (preferredTerm(d).labelSelector = { matchLabels: { app: "order" } }),
            expected: [
                `${D} with 3 replicas has no pod anti-affinity term on an approved topologyKey whose labelSelector matches its own pod labels (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
        {
            name: "the topology key is not an approved one",
            mutate: (d) => (preferredTerm(d).topologyKey = "node.kubernetes.io/instance-type"),
            expected: [
                `${D} with 3 replicas has no pod anti-affinity term on an approved topologyKey whose labelSelector matches its own pod labels (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
        {
            name: "replicas are unset (HPA-managed) and there is no anti-affinity",
            mutate: (d) => {
                delete at(d, "spec").replicas;
                delete podSpecOf(d).affinity;
            },
            expected: [
                `${D} with an unset replica count (HPA-managed) has no pod anti-affinity (spec.template.spec.affinity.podAntiAffinity); ${FIX}`,
            ],
        },
    ]);

    it("accepts required anti-affinity with matchExpressions on the zone", async () => {
        const d = compliantDeployment();
        at(podSpecOf(d), "affinity").podAntiAffinity = {
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
        delete podSpecOf(d).affinity;
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
        preferredTerm(d).topologyKey = "rack";
        assert.deepStrictEqual(
            await runResourcePolicy(requirePodAntiAffinity, DEPLOYMENT, d, {
                topologyKeys: ["rack"],
            }),
            [],
        );
    });
});
