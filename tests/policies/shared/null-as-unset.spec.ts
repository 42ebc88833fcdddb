/**
 * `null` means unset to the API server, so to every policy: generated from what each workload policy
 * actually reads. A recording view of each fixture notes every property path a policy reads (present
 * or not); then, for every such path, the fixture with that field explicitly `null` must get exactly
 * the result of the fixture with the field absent.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { nullAsUnset } from "../../../policies/shared/null-as-unset";
import { Plain } from "../../helpers/edit";
import {
    compliantCronJob,
    compliantDeployment,
    CRONJOB,
    DEPLOYMENT,
    POD,
} from "../../helpers/fixtures";
import { runResourcePolicy, runStackPolicy, StackInput } from "../../helpers/policy";

type Path = readonly (string | number)[];

/** Every export of every file in policies/workloads (so a new policy is covered without listing it). */
const WORKLOADS = path.resolve(__dirname, "../../../policies/workloads");
const workloadPolicies: Record<string, unknown> = Object.assign(
    {},
    ...fs
        .readdirSync(WORKLOADS)
        .filter((f) => f.endsWith(".ts"))
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        .map((f) => require(path.join(WORKLOADS, f)) as Record<string, unknown>),
);

/** Keys a read of which is not a field of the object (array methods, coercions). */
const NOT_FIELDS = new Set(["length", "constructor", "toJSON", "then", "valueOf", "toString"]);

/** `value` behind a proxy that records every field path read below it into `paths`. */
function recording(value: unknown, paths: Map<string, Path>, at: Path = []): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    return new Proxy(value, {
        get(target, key, receiver) {
            const v: unknown = Reflect.get(target, key, receiver);
            if (typeof key !== "string" || typeof v === "function" || NOT_FIELDS.has(key)) {
                return v;
            }
            const step = Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key;
            const here = [...at, step];
            paths.set(JSON.stringify(here), here);
            return recording(v, paths, here);
        },
    });
}

/** A deep copy of `root` with the field at `path` set to null, or removed; undefined when its parent is no object. */
function edited(root: Plain, at: Path, how: "null" | "absent"): Plain | undefined {
    const copy = structuredClone(root);
    let parent: unknown = copy;
    for (const key of at.slice(0, -1)) {
        parent = (parent as Record<string | number, unknown> | undefined)?.[key];
    }
    const last = at[at.length - 1];
    if (typeof parent !== "object" || parent === null || Array.isArray(parent)) {
        return undefined;
    }
    const p = parent as Record<string | number, unknown>;
    if (how === "null") {
        p[last] = null;
    } else {
        delete p[last];
    }
    return copy;
}

/** Fixtures that reach different branches: compliant, and one that breaks many rules at once. */
function fixtures(): [string, string, Plain][] {
    const bad = compliantDeployment("legacy");
    const spec = (bad.spec as Plain).template as Plain;
    (spec.spec as Plain).hostNetwork = true;
    (spec.spec as Plain).volumes = [{ name: "host", hostPath: { path: "/" } }];
    (spec.spec as Plain).containers = [
        {
            name: "legacy",
            image: "legacy:latest",
            ports: [{ containerPort: 80, hostPort: 80 }],
            securityContext: {
                privileged: true,
                procMount: "Unmasked",
                runAsUser: 0,
                capabilities: { add: ["SYS_ADMIN"] },
                seLinuxOptions: { type: "spc_t" },
                appArmorProfile: { type: "Unconfined" },
                windowsOptions: { hostProcess: true },
            },
        },
    ];
    return [
        ["compliant Deployment", DEPLOYMENT, compliantDeployment()],
        ["non-compliant Deployment", DEPLOYMENT, bad],
        ["compliant CronJob", CRONJOB, compliantCronJob()],
        [
            "bare Pod",
            POD,
            {
                metadata: { name: "p", namespace: "supply-chain" },
                spec: { containers: [{ name: "c" }] },
            },
        ],
    ];
}

const isResourcePolicy = (p: unknown): p is ResourceValidationPolicy =>
    typeof p === "object" && p !== null && "validateResource" in p;
const isStackPolicy = (p: unknown): p is StackValidationPolicy =>
    typeof p === "object" && p !== null && "validateStack" in p;

/** The paths `policy` reads of `props`. */
async function pathsRead(
    policy: ResourceValidationPolicy,
    type: string,
    props: Plain,
): Promise<Path[]> {
    const paths = new Map<string, Path>();
    const args = {
        type,
        name: "test",
        urn: `urn:pulumi:test::p::${type}::test`,
        props: recording(structuredClone(props), paths),
        getConfig: () => ({}),
        notApplicable: () => {
            throw new Error("not applicable");
        },
    };
    try {
        const v = policy.validateResource as (a: unknown, r: (m: string) => void) => void;
        v(args, () => undefined);
    } catch {
        // not applicable: the paths read until then still count
    }
    return [...paths.values()];
}

describe("null means unset in every workload policy", () => {
    it("nullAsUnset hides null fields from reads, keys and `in`, and keeps list items", () => {
        const v = nullAsUnset({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] });
        assert.strictEqual(v.a, undefined);
        assert.deepStrictEqual(Object.keys(v.b), ["d"]);
        assert.strictEqual("c" in v.b, false);
        assert.strictEqual(v.e[0], null);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(v)), { b: { d: 1 }, e: [null, {}] });
    });

    it("nullAsUnset gives an object without null fields itself, and a view only where a null hides", () => {
        const clean = { a: 1, b: { c: [null, { d: "x" }] } };
        assert.strictEqual(nullAsUnset(clean), clean);
        const nested = { clean: { e: 1 }, dirty: { f: null, g: 2 } };
        const v = nullAsUnset(nested);
        assert.notStrictEqual(v, nested);
        assert.strictEqual(v.clean, nested.clean);
        assert.notStrictEqual(v.dirty, nested.dirty);
        assert.deepStrictEqual(Object.keys(v.dirty), ["g"]);
        // A getter or a class instance may answer differently through the view: never given as is.
        const getter = Object.defineProperty({}, "h", { get: () => null, enumerable: true });
        assert.notStrictEqual(nullAsUnset(getter), getter);
        const instance = new (class {
            public i = 1;
        })();
        assert.notStrictEqual(nullAsUnset(instance), instance);
    });

    const resourcePolicies = Object.entries(workloadPolicies).filter(
        (e): e is [string, ResourceValidationPolicy] => isResourcePolicy(e[1]),
    );
    it("covers every resource policy of policies/workloads", () => {
        assert.strictEqual(resourcePolicies.length, 20);
    });

    for (const [exportName, policy] of resourcePolicies) {
        it(`${policy.name} (${exportName}): a null field gives the result of an absent one, for every field it reads`, async () => {
            const differences: string[] = [];
            let checked = 0;
            for (const [fixture, type, props] of fixtures()) {
                for (const fieldPath of await pathsRead(policy, type, props)) {
                    const withNull = edited(props, fieldPath, "null");
                    const without = edited(props, fieldPath, "absent");
                    if (!withNull || !without) {
                        continue;
                    }
                    checked++;
                    const a = await runResourcePolicy(policy, type, withNull);
                    const b = await runResourcePolicy(policy, type, without);
                    if (JSON.stringify(a) !== JSON.stringify(b)) {
                        differences.push(
                            `${fixture} ${fieldPath.join(".")}: null gives ${JSON.stringify(a)}, absent ${JSON.stringify(b)}`,
                        );
                    }
                }
            }
            assert.ok(checked >= 10, `${checked} fields checked`);
            assert.deepStrictEqual(differences, []);
        });
    }

    const stackPolicies = Object.entries(workloadPolicies).filter(
        (e): e is [string, StackValidationPolicy] => isStackPolicy(e[1]),
    );
    it("stack policies: a null field of any resource gives the result of an absent one", async () => {
        assert.strictEqual(stackPolicies.length, 3);
        const deployment = compliantDeployment();
        const resources: StackInput[] = [
            { type: DEPLOYMENT, name: "inventory", props: deployment },
            {
                type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
                name: "inventory",
                props: {
                    metadata: { name: "inventory", namespace: "supply-chain" },
                    spec: {
                        scaleTargetRef: { kind: "Deployment", name: "inventory" },
                        minReplicas: 2,
                        maxReplicas: 6,
                    },
                },
            },
            {
                type: "kubernetes:policy/v1:PodDisruptionBudget",
                name: "inventory",
                props: {
                    metadata: { name: "inventory", namespace: "supply-chain" },
                    spec: { selector: { matchLabels: { app: "inventory" } }, maxUnavailable: 1 },
                },
            },
        ];
        const differences: string[] = [];
        for (const [, policy] of stackPolicies) {
            const paths = resources.map(() => new Map<string, Path>());
            try {
                await policy.validateStack(
                    {
                        resources: resources.map((r, i) => ({
                            ...r,
                            urn: r.name,
                            props: recording(structuredClone(r.props), paths[i]),
                        })),
                        getConfig: () => ({}),
                    } as never,
                    () => undefined,
                );
            } catch {
                // the paths read until then still count
            }
            for (const [i, r] of resources.entries()) {
                for (const fieldPath of paths[i].values()) {
                    const withNull = edited(r.props, fieldPath, "null");
                    const without = edited(r.props, fieldPath, "absent");
                    if (!withNull || !without) {
                        continue;
                    }
                    const swap = (props: Plain) =>
                        resources.map((x, j) => (j === i ? { ...x, props } : x));
                    const a = await runStackPolicy(policy, swap(withNull));
                    const b = await runStackPolicy(policy, swap(without));
                    if (JSON.stringify(a) !== JSON.stringify(b)) {
                        differences.push(
                            `${policy.name} ${r.type} ${fieldPath.join(".")}: null gives ${JSON.stringify(a)}, absent ${JSON.stringify(b)}`,
                        );
                    }
                }
            }
        }
        assert.deepStrictEqual(differences, []);
    });
});
