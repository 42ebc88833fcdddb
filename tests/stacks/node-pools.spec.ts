/**
 * Every pending workload of both stacks fits exactly one Karpenter NodePool, the way Karpenter decides
 * it (kubernetes-sigs/karpenter v1.14.1 `pkg/controllers/provisioning/scheduling`): the pool's labels
 * and requirements satisfy the pod's nodeSelector and required node affinity, the pod tolerates every
 * NoSchedule/NoExecute taint of the pool, a pod's requests fit one of the pool's instance types, and
 * they stay within the pool's CPU and memory limits. Also: every workload role of both stacks passes
 * iam-restrict-workload-trust, and Karpenter's controller uses Pod Identity, not the OIDC provider.
 *
 * The stacks' workloads here are the Deployments, Rollouts and Jobs the program renders; chart workloads
 * (add-ons) arrive as one Chart resource under mocks and are not counted.
 */
/**
 * Every pending workload of both stacks fits exactly one Karpenter NodePool, or Karpenter's own
 * managed group (tests/helpers/node-pool-fit.ts: selectors and required affinity against the pool's
 * template labels and requirements, tolerations against its taints, requests against its instance
 * types and limits). The workloads are every pod template of the stack but DaemonSets: the program's
 * Deployments, Rollouts and Jobs, the add-on charts' workloads (their models, mocks never render a
 * chart) and Karpenter's controller. EKS's managed add-ons (CoreDNS, the EBS CSI controller) are
 * placed by EKS and tolerate CriticalAddonsOnly: they may run on either. Also: the matching rule with
 * generated inputs, and every workload role of both stacks passes iam-restrict-workload-trust.
 */
import * as assert from "assert";
import fc from "fast-check";

import { addonWorkloads } from "../../components/addons/workloads";
import { karpenterControllerWorkload } from "../../components/karpenter/karpenter";
import { schedulingTargets } from "../../components/karpenter/node-provisioning";
import { parsePlatformConfig } from "../../config";
import { restrictWorkloadTrust } from "../../policies/aws/restrictWorkloadTrust";
import { ADDONS_NAME } from "../helpers/addon-workloads";
import { rawStack } from "../helpers/config";
import { misfit, placement, PodSpec, Requirement, Target, Taint } from "../helpers/node-pool-fit";
import { runResourcePolicy } from "../helpers/policy";
import { evaluatedStack } from "../helpers/stack-evaluation";

const EKS_EFFECTS: ReadonlyMap<string, string> = new Map([
    ["NO_SCHEDULE", "NoSchedule"],
    ["NO_EXECUTE", "NoExecute"],
    ["PREFER_NO_SCHEDULE", "PreferNoSchedule"],
]);

async function stackTargets(stack: string): Promise<Target[]> {
    const { recorder } = await evaluatedStack(stack);
    const pools = recorder.ofType("kubernetes:karpenter.sh/v1:NodePool").map((r): Target => {
        const inputs = r.inputs as {
            metadata: { name: string };
            spec: {
                template: {
                    metadata: { labels: Record<string, string> };
                    spec: { requirements: Requirement[]; taints: Taint[] };
                };
                limits: { cpu: string; memory: string };
            };
        };
        return {
            name: inputs.metadata.name,
            // Karpenter labels each node with its pool's name.
            labels: {
                ...inputs.spec.template.metadata.labels,
                "karpenter.sh/nodepool": inputs.metadata.name,
            },
            requirements: inputs.spec.template.spec.requirements,
            taints: inputs.spec.template.spec.taints,
            limits: inputs.spec.limits,
        };
    });
    const groups = recorder.ofType("eks:index:ManagedNodeGroup").map((r): Target => {
        const types = (r.inputs.instanceTypes ?? []) as string[];
        return {
            name: `node group ${r.name}`,
            labels: {
                "kubernetes.io/os": "linux",
                "eks.amazonaws.com/nodegroup": String(r.inputs.nodeGroupName ?? r.name),
                ...((r.inputs.labels ?? {}) as Record<string, string>),
            },
            requirements: [
                { key: "node.kubernetes.io/instance-type", operator: "In", values: types },
            ],
            taints: ((r.inputs.taints ?? []) as Taint[]).map((t) => ({
                ...t,
                effect: EKS_EFFECTS.get(t.effect) ?? t.effect,
            })),
        };
    });
    return [...pools, ...groups];
}

/** Every pod template of the stack but DaemonSets, by `namespace/name`. */
async function stackPods(stack: "staging" | "production"): Promise<[string, PodSpec][]> {
    const { recorder } = await evaluatedStack(stack);
    const program = [
        ...recorder.ofType("kubernetes:apps/v1:Deployment"),
        ...recorder.ofType("kubernetes:apps/v1:StatefulSet"),
        ...recorder.ofType("kubernetes:argoproj.io/v1alpha1:Rollout"),
        ...recorder.ofType("kubernetes:batch/v1:Job"),
    ].map((r): [string, PodSpec] => {
        const inputs = r.inputs as {
            metadata: { name: string; namespace: string };
            spec: { template: { spec: PodSpec } };
        };
        // A Job's name carries a hash of its spec (it is replaced when the spec changes).
        const name = inputs.metadata.name.replace(/-[0-9a-f]{10}$/, "");
        return [`${inputs.metadata.namespace}/${name}`, inputs.spec.template.spec];
    });
    const config = parsePlatformConfig(rawStack(stack));
    const charts = addonWorkloads({
        ...config.addons,
        releasePrefix: ADDONS_NAME,
        nodeGroups: schedulingTargets(config.cluster.nodeGroups, config.karpenter),
        highAvailability: stack === "production",
        ingressGateway: config.ingress.enabled ? config.ingress : undefined,
    });
    const controller = karpenterControllerWorkload({
        clusterName: config.cluster.name,
        controllerNodeSelector:
            config.cluster.nodeGroups[config.karpenter.controllerNodeGroup!].labels,
    });
    return [
        ...program,
        ...[...charts, controller]
            .filter((w) => w.kind !== "DaemonSet")
            .map((w): [string, PodSpec] => [
                `${w.namespace}/${w.name}`,
                w.podSpec as unknown as PodSpec,
            ]),
    ];
}

/** Where each workload's pending pods go that is not on the general pool. */
const EXPECTED: Record<string, Record<string, string>> = {
    staging: {
        "supply-chain/ml-prediction": "ml",
        "kube-system/karpenter": "node group platform-karpenter",
    },
    production: {
        "supply-chain/ml-prediction": "gpu",
        "kube-system/karpenter": "node group platform-karpenter",
    },
};

for (const stack of ["staging", "production"] as const) {
    describe(`stack ${stack}: Karpenter NodePools`, function () {
        this.timeout(180_000);

        it("every pending workload fits exactly one NodePool or Karpenter's own group", async () => {
            const targets = await stackTargets(stack);
            const pods = await stackPods(stack);
            const placed = pods.map(
                ([name, pod]) => [name, placement(name, pod, targets)] as const,
            );
            assert.deepStrictEqual(
                placed.flatMap(([, p]) => ("error" in p ? [p.error] : [])),
                [],
            );
            assert.deepStrictEqual(
                Object.fromEntries(
                    placed.flatMap(([name, p]) =>
                        "target" in p && p.target !== "general" ? [[name, p.target]] : [],
                    ),
                ),
                EXPECTED[stack],
            );
            // Every service, model server, db-init Job and add-on is counted (not an empty pass).
            assert.ok(pods.length >= 25, `${pods.length} pod templates`);
            assert.ok(pods.some(([n]) => n === "supply-chain/inventory-db-init"));
            assert.ok(pods.some(([n]) => n === "istio-system/istiod"));
        });

        it("every workload role passes iam-restrict-workload-trust; Karpenter's controller uses Pod Identity", async () => {
            const { recorder } = await evaluatedStack(stack);
            const roles = recorder.ofType("aws:iam/role:Role");
            const findings = await Promise.all(
                roles.map((r) => runResourcePolicy(restrictWorkloadTrust, r.type, { ...r.inputs })),
            );
            assert.deepStrictEqual(findings.flat(), []);
            const controller = recorder.get("aws:iam/role:Role", "nodes-controller");
            assert.deepStrictEqual(
                JSON.parse(String(controller.inputs.assumeRolePolicy)).Statement[0].Principal,
                { Service: "pods.eks.amazonaws.com" },
            );
        });
    });
}

describe("the NodePool matching rule", () => {
    const pool = (name: string, extra: Partial<Target> = {}): Target => ({
        name,
        labels: { workload: name },
        requirements: [
            { key: "node.kubernetes.io/instance-type", operator: "In", values: ["m5.large"] },
        ],
        taints: [],
        limits: { cpu: "16", memory: "64Gi" },
        ...extra,
    });
    const pod = (extra: Partial<PodSpec> = {}): PodSpec => ({
        containers: [{ resources: { requests: { cpu: "500m", memory: "1Gi" } } }],
        ...extra,
    });
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

    it("a pod selecting one pool's label fits exactly that pool, among pools of distinct labels (generated)", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
                fc.nat(),
                (names, i) => {
                    const pools = names.map((n) => pool(n));
                    const chosen = names[i % names.length];
                    assert.deepStrictEqual(
                        placement("p", pod({ nodeSelector: { workload: chosen } }), pools),
                        { target: chosen },
                    );
                },
            ),
        );
    });

    it("a pod fits a tainted pool exactly when it tolerates every NoSchedule/NoExecute taint (generated)", () => {
        const effect = fc.constantFrom("NoSchedule", "NoExecute", "PreferNoSchedule");
        fc.assert(
            fc.property(name, name, effect, fc.boolean(), (key, value, e, tolerate) => {
                const tainted = pool("t", { taints: [{ key, value, effect: e }] });
                const p = pod({
                    tolerations: tolerate ? [{ key, operator: "Equal", value, effect: e }] : [],
                });
                const fits = misfit(p, tainted) === undefined;
                assert.strictEqual(fits, tolerate || e === "PreferNoSchedule");
            }),
        );
    });

    it("a pod fits only while its requests fit an instance type and the pool's limits (generated)", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 4000 }),
                fc.integer({ min: 1, max: 3 }),
                (m, limit) => {
                    const p = pod({
                        containers: [{ resources: { requests: { cpu: `${m}m`, memory: "1Gi" } } }],
                    });
                    const fits = misfit(
                        p,
                        pool("g", { limits: { cpu: String(limit), memory: "64Gi" } }),
                    );
                    // m5.large has 2 vCPUs; the pool's limit caps what it may launch at all.
                    assert.strictEqual(fits === undefined, m <= 2000 && m <= limit * 1000);
                },
            ),
        );
    });

    it("names every pool and why, for a pod that fits none", () => {
        assert.deepStrictEqual(
            placement("supply-chain/x", pod({ nodeSelector: { workload: "gpu" } }), [
                pool("general"),
                pool("ml", { taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }] }),
            ]),
            {
                error: "supply-chain/x fits no NodePool or node group (general: nodeSelector workload=gpu; ml: nodeSelector workload=gpu)",
            },
        );
    });

    it("names the pools a pod fits when it fits two", () => {
        assert.deepStrictEqual(
            placement("supply-chain/x", pod(), [
                pool("general"),
                pool("spare"),
                pool("ml", { taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }] }),
            ]),
            {
                error: "supply-chain/x fits 2 NodePools or node groups (general, spare); it must fit exactly one",
            },
        );
    });
});
