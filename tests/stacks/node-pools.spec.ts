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
import * as assert from "assert";

import { restrictWorkloadTrust } from "../../policies/aws/restrictWorkloadTrust";
import { parseQuantity } from "../../lib/kubernetes";
import { INSTANCE_TYPES } from "../../schemas/instance-types";
import { runResourcePolicy } from "../helpers/policy";
import { evaluatedStack } from "../helpers/stack-evaluation";

interface Requirement {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
}
interface Taint {
    readonly key: string;
    readonly value?: string;
    readonly effect: string;
}
interface Toleration {
    readonly key?: string;
    readonly operator?: string;
    readonly value?: string;
    readonly effect?: string;
}
interface Pool {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly requirements: readonly Requirement[];
    readonly taints: readonly Taint[];
    readonly limits: { readonly cpu: string; readonly memory: string };
}
interface PodSpec {
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly affinity?: {
        readonly nodeAffinity?: {
            readonly requiredDuringSchedulingIgnoredDuringExecution?: {
                readonly nodeSelectorTerms: readonly {
                    readonly matchExpressions?: readonly Requirement[];
                }[];
            };
        };
    };
    readonly tolerations?: readonly Toleration[];
    readonly containers: readonly {
        readonly resources?: { readonly requests?: Record<string, string> };
    }[];
}

/** The values a pool's nodes may carry for a label: a fixed label, or its requirement's values. */
function poolValues(pool: Pool, key: string): readonly string[] | undefined {
    if (Object.prototype.hasOwnProperty.call(pool.labels, key)) {
        return [pool.labels[key]];
    }
    const r = pool.requirements.find((q) => q.key === key && q.operator === "In");
    return r?.values;
}

function satisfies(pool: Pool, r: Requirement): boolean {
    const values = poolValues(pool, r.key);
    switch (r.operator) {
        case "In":
            return values !== undefined && values.some((v) => r.values!.includes(v));
        case "NotIn":
            return values === undefined || values.some((v) => !r.values!.includes(v));
        case "Exists":
            return values !== undefined;
        case "DoesNotExist":
            return values === undefined;
        default:
            throw new Error(`operator ${r.operator} not modelled`);
    }
}

function tolerates(tolerations: readonly Toleration[], t: Taint): boolean {
    return tolerations.some(
        (o) =>
            (o.effect === undefined || o.effect === t.effect) &&
            (o.operator === "Exists"
                ? o.key === undefined || o.key === t.key
                : o.key === t.key && (o.value ?? "") === (t.value ?? "")),
    );
}

/** Why a pod does not fit a pool, or undefined when it fits. */
export function misfit(pod: PodSpec, pool: Pool): string | undefined {
    for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
        if (!satisfies(pool, { key, operator: "In", values: [value] })) {
            return `nodeSelector ${key}=${value}`;
        }
    }
    const terms =
        pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
            ?.nodeSelectorTerms;
    if (terms && !terms.some((t) => (t.matchExpressions ?? []).every((r) => satisfies(pool, r)))) {
        return "required node affinity";
    }
    const taint = pool.taints.find(
        (t) => t.effect !== "PreferNoSchedule" && !tolerates(pod.tolerations ?? [], t),
    );
    if (taint) {
        return `taint ${taint.key}=${taint.value}:${taint.effect}`;
    }
    const sum = (resource: string) =>
        pod.containers.reduce(
            (n, c) => n + (parseQuantity(c.resources?.requests?.[resource] ?? "0") ?? 0),
            0,
        );
    const [cpu, memory, gpus] = [sum("cpu"), sum("memory"), sum("nvidia.com/gpu")];
    const types = poolValues(pool, "node.kubernetes.io/instance-type") ?? [];
    const fitting = types.filter((t) => {
        const it = INSTANCE_TYPES[t];
        return it && it.vcpu >= cpu && it.memoryGiB * 2 ** 30 >= memory && (it.gpus ?? 0) >= gpus;
    });
    if (fitting.length === 0) {
        return `requests (cpu ${cpu}, memory ${memory}, gpus ${gpus}) fit none of ${types.join(", ")}`;
    }
    if (cpu > parseQuantity(pool.limits.cpu)! || memory > parseQuantity(pool.limits.memory)!) {
        return "limits";
    }
    return undefined;
}

async function stackPools(stack: string): Promise<Pool[]> {
    const { recorder } = await evaluatedStack(stack);
    return recorder.ofType("kubernetes:karpenter.sh/v1:NodePool").map((r) => {
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
            labels: inputs.spec.template.metadata.labels,
            requirements: inputs.spec.template.spec.requirements,
            taints: inputs.spec.template.spec.taints,
            limits: inputs.spec.limits,
        };
    });
}

async function stackPods(stack: string): Promise<[string, PodSpec][]> {
    const { recorder } = await evaluatedStack(stack);
    return [
        ...recorder.ofType("kubernetes:apps/v1:Deployment"),
        ...recorder.ofType("kubernetes:argoproj.io/v1alpha1:Rollout"),
        ...recorder.ofType("kubernetes:batch/v1:Job"),
    ].map((r) => {
        const inputs = r.inputs as {
            metadata: { name: string };
            spec: { template: { spec: PodSpec } };
        };
        // A Job's name carries a hash of its spec (it is replaced when the spec changes).
        return [inputs.metadata.name.replace(/-[0-9a-f]{10}$/, ""), inputs.spec.template.spec];
    });
}

const services = {
    inventory: "general",
    order: "general",
    shipping: "general",
    payment: "general",
    customer: "general",
};
const dbInit = {
    "inventory-db-init": "general",
    "order-db-init": "general",
    "payment-db-init": "general",
};
/** Where each workload's pending pods go: the CPU model server on spot ML nodes, the GPU one on GPUs. */
const EXPECTED: Record<string, Record<string, string>> = {
    staging: { ...services, ...dbInit, "ml-prediction": "ml" },
    production: { ...services, ...dbInit, "ml-prediction": "gpu" },
};

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: Karpenter NodePools`, function () {
        this.timeout(180_000);

        it("every pending workload fits exactly one NodePool", async () => {
            const pools = await stackPools(stack);
            const placement = Object.fromEntries(
                (await stackPods(stack)).map(([name, pod]) => [
                    name,
                    pools
                        .filter((p) => misfit(pod, p) === undefined)
                        .map((p) => p.name)
                        .join(","),
                ]),
            );
            assert.deepStrictEqual(placement, EXPECTED[stack]);
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
