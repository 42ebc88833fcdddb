/**
 * Argo Rollouts' `Rollout` is pod-bearing for the whole pack, in any API version: resource policies
 * read its pod template, the replicated-workload policies spread and budget it, and the stack policies
 * join it with the HPA that scales it. A Rollout that borrows a Deployment's template
 * (`spec.workloadRef`) has no pod spec of its own: the Deployment is checked instead.
 */
import * as assert from "assert";

import { policies } from "../../../policies/policies";
import { POD_KINDS, REPLICATED_KINDS } from "../../../lib/kubernetes";
import { disallowFixedReplicasWithHpa } from "../../../policies/workloads/disallowFixedReplicasWithHpa";
import { requirePodAntiAffinity } from "../../../policies/workloads/requirePodAntiAffinity";
import { requirePodDisruptionBudget } from "../../../policies/workloads/requirePodDisruptionBudget";
import { requireResourceLimits } from "../../../policies/workloads/requireResourceLimits";
import { malformedProblems } from "../../../tools/offline/malformed";
import { SchemaValidator } from "../../../tools/offline/schemas";
import { at, Plain } from "../../helpers/edit";
import { compliantDeployment, containerOf, podSpecOf } from "../../helpers/fixtures";
import { runResourcePolicy, runStackPolicy } from "../../helpers/policy";

const ROLLOUT = "kubernetes:argoproj.io/v1alpha1:Rollout";
const R = "Rollout 'supply-chain/inventory'";
const P = "spec.template.spec.containers[0]";

/** A compliant Rollout: the compliant Deployment's pod template under a canary strategy. */
function compliantRollout(): Plain {
    const d = compliantDeployment();
    return {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Rollout",
        metadata: d.metadata,
        spec: {
            replicas: 3,
            selector: at(d, "spec").selector,
            template: at(d, "spec").template,
            strategy: { canary: { steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 100 }] } },
        },
    };
}

describe("Rollout (Argo Rollouts) is a pod-bearing kind", () => {
    it("is listed among the pod-bearing and replicated kinds", () => {
        assert.ok((POD_KINDS as readonly string[]).includes("Rollout"));
        assert.ok((REPLICATED_KINDS as readonly string[]).includes("Rollout"));
    });

    it("passes every resource policy of the pack when compliant", async () => {
        for (const p of policies) {
            if ("validateResource" in p && p.validateResource) {
                const found = await runResourcePolicy(p, ROLLOUT, compliantRollout());
                assert.ok(
                    Array.isArray(found) ? found.length === 0 : "notApplicable" in found,
                    `${p.name}: ${JSON.stringify(found)}`,
                );
            }
        }
    });

    for (const version of ["v1alpha1", "v1beta1"]) {
        it(`rejects a Rollout (argoproj.io/${version}) whose container has no limits`, async () => {
            const r = compliantRollout();
            delete at(containerOf(r), "resources").limits;
            assert.deepStrictEqual(
                await runResourcePolicy(
                    requireResourceLimits,
                    `kubernetes:argoproj.io/${version}:Rollout`,
                    r,
                ),
                ["cpu", "memory"].map(
                    (f) =>
                        `${R} container 'inventory' has no ${P}.resources.limits.${f}; set cpu and memory requests and limits.`,
                ),
            );
        });
    }

    it("requires pod anti-affinity of a replicated Rollout", async () => {
        const r = compliantRollout();
        delete podSpecOf(r).affinity;
        const found = await runResourcePolicy(requirePodAntiAffinity, ROLLOUT, r);
        assert.ok(Array.isArray(found) && found.length === 1, JSON.stringify(found));
        assert.match((found as string[])[0], /^Rollout 'supply-chain\/inventory' /);
    });

    it("leaves a Rollout with a workloadRef to the Deployment it references", async () => {
        const r = compliantRollout();
        delete at(r, "spec").template;
        at(r, "spec").workloadRef = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: "inventory",
        };
        assert.deepStrictEqual(await runResourcePolicy(requireResourceLimits, ROLLOUT, r), {
            notApplicable: `not checked for ${ROLLOUT}`,
        });
        assert.deepStrictEqual(malformedProblems(r), []);
        delete at(r, "spec").workloadRef;
        assert.deepStrictEqual(malformedProblems(r), [
            "spec.template is undefined; expected an object",
        ]);
    });

    it("joins a Rollout with the HPA that scales it (fixed replicas, disruption budget)", async () => {
        const rollout = { type: ROLLOUT, name: "inventory", props: compliantRollout() };
        const hpa = {
            type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            name: "inventory-hpa",
            props: {
                metadata: { name: "inventory", namespace: "supply-chain" },
                spec: {
                    scaleTargetRef: {
                        apiVersion: "argoproj.io/v1alpha1",
                        kind: "Rollout",
                        name: "inventory",
                    },
                    minReplicas: 2,
                    maxReplicas: 20,
                },
            },
        };
        assert.deepStrictEqual(
            (await runStackPolicy(disallowFixedReplicasWithHpa, [rollout, hpa])).map(([, m]) => m),
            [
                `${R} sets spec.replicas=3 but HorizontalPodAutoscaler 'supply-chain/inventory' scales it; remove spec.replicas so updates do not reset the HPA's choice.`,
            ],
        );
        assert.deepStrictEqual(
            (await runStackPolicy(requirePodDisruptionBudget, [rollout])).map(([, m]) => m),
            [
                `${R} runs 3 replicas without a PodDisruptionBudget selecting its pods {"app":"inventory","version":"v1.2.3"}; add one with maxUnavailable: 1.`,
            ],
        );
    });

    it("validates against the upstream Rollout model offline", async () => {
        const validator = new SchemaValidator();
        assert.deepStrictEqual(await validator.validate(compliantRollout()), { status: "valid" });
        const bad = compliantRollout();
        at(bad, "spec", "strategy", "canary").steps = [{ setWeight: "ten" }];
        const result = await validator.validate(bad);
        assert.strictEqual(result.status, "invalid", JSON.stringify(result));
    });
});
