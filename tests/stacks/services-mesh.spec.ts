/**
 * Stack tests for what a running cluster needs from services and mesh: ordering after Istio, egress,
 * subsets and retries, evaluated with each committed stack file. Ordering is read from the recorded
 * `dependencies` (the URNs the engine waits for, as the offline preview reports them); mocks do not
 * prove that the engine honours them.
 */
import * as assert from "assert";

import { Evaluation, evaluateProgram } from "../../tools/offline/evaluate";
import { RecordedResource } from "../../tools/offline/mocks";
import { rawStack, stackConfig } from "../helpers/config";

const evaluations = new Map<string, Evaluation>();

async function evaluate(stack: string): Promise<Evaluation> {
    if (!evaluations.has(stack)) {
        evaluations.set(stack, await evaluateProgram(stackConfig(stack)));
    }
    return evaluations.get(stack)!;
}

/** Every URN `r` waits for, directly or through what it waits for. */
function waitsFor(resources: readonly RecordedResource[], r: RecordedResource): Set<string> {
    const byUrn = new Map(resources.map((x) => [x.urn, x]));
    const seen = new Set<string>();
    const queue = [...r.dependencies];
    while (queue.length > 0) {
        const urn = queue.pop()!;
        if (!seen.has(urn)) {
            seen.add(urn);
            queue.push(...(byUrn.get(urn)?.dependencies ?? []));
        }
    }
    return seen;
}

const meta = (r: RecordedResource) => r.inputs.metadata as { name: string; namespace?: string };

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: services and mesh in a running cluster`, () => {
        const namespace: string = rawStack(stack).namespace;

        it("orders the app namespace and every Deployment in it after istiod (no pod without a sidecar)", async () => {
            const { recorder } = await evaluate(stack);
            const istiod = recorder
                .ofType("kubernetes:helm.sh/v4:Chart")
                .filter((c) => c.name.endsWith("-istiod"));
            assert.strictEqual(istiod.length, 1, "one istiod chart");
            const ns = recorder
                .ofType("kubernetes:core/v1:Namespace")
                .find((n) => meta(n).name === namespace)!;
            assert.ok(
                waitsFor(recorder.resources, ns).has(istiod[0].urn),
                "namespace after istiod",
            );
            const deployments = recorder
                .ofType("kubernetes:apps/v1:Deployment")
                .filter((d) => meta(d).namespace === namespace);
            // shipping and customer have no secrets: they used to wait for nothing but their own objects.
            assert.deepStrictEqual(deployments.map((d) => d.name).sort(), [
                "customer",
                "inventory",
                "ml-prediction",
                "order",
                "payment",
                "shipping",
            ]);
            for (const d of deployments) {
                const deps = waitsFor(recorder.resources, d);
                assert.ok(deps.has(istiod[0].urn), `Deployment ${d.name} waits for istiod`);
                assert.ok(deps.has(ns.urn), `Deployment ${d.name} waits for its namespace`);
            }
        });

        it("opens egress only for what the config declares, each workload seeing only its own hosts", async () => {
            const { recorder } = await evaluate(stack);
            const entries = recorder.ofType("kubernetes:networking.istio.io/v1:ServiceEntry");
            assert.deepStrictEqual(
                entries.map((e) => [
                    meta(e).namespace,
                    (e.inputs.spec as any).hosts,
                    (e.inputs.spec as any).exportTo,
                ]),
                [
                    [namespace, ["sqs.us-west-2.amazonaws.com"], ["."]],
                    [namespace, ["sts.us-west-2.amazonaws.com"], ["."]],
                ],
            );
            const sidecars = Object.fromEntries(
                recorder
                    .ofType("kubernetes:networking.istio.io/v1:Sidecar")
                    .map((s) => [meta(s).name, (s.inputs.spec as any).egress[0].hosts]),
            );
            const cluster = "*/*.svc.cluster.local";
            const sts = "./sts.us-west-2.amazonaws.com";
            // IRSA (an IAM role: iam statements or secrets) needs STS; order's statements name SQS.
            assert.deepStrictEqual(sidecars, {
                inventory: [cluster, sts],
                order: [cluster, sts, "./sqs.us-west-2.amazonaws.com"],
                shipping: [cluster],
                payment: [cluster, sts],
                customer: [cluster],
                "ml-prediction": [cluster],
            });
        });

        it("keeps the stable subset on a label every pod of a rolling update carries, whatever its image", async () => {
            const { recorder } = await evaluate(stack);
            for (const dr of recorder.ofType("kubernetes:networking.istio.io/v1:DestinationRule")) {
                assert.deepStrictEqual(
                    (dr.inputs.spec as any).subsets,
                    [{ name: "stable", labels: { track: "stable" } }],
                    `DestinationRule ${dr.name}`,
                );
            }
            for (const d of recorder
                .ofType("kubernetes:apps/v1:Deployment")
                .filter((d) => meta(d).namespace === namespace)) {
                assert.strictEqual(
                    (d.inputs.spec as any).template.metadata.labels.track,
                    "stable",
                    d.name,
                );
            }
        });

        it("retries POST and PATCH only when the request never reached the service", async () => {
            const { recorder } = await evaluate(stack);
            for (const vs of recorder.ofType("kubernetes:networking.istio.io/v1:VirtualService")) {
                const http = (vs.inputs.spec as any).http;
                assert.deepStrictEqual(
                    http.map((r: any) => [
                        r.name,
                        r.match?.map((m: any) => m.method.exact),
                        r.retries.retryOn,
                    ]),
                    [
                        [
                            "idempotent",
                            ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"],
                            "5xx,reset,connect-failure,refused-stream",
                        ],
                        ["default", undefined, "connect-failure,refused-stream"],
                    ],
                    `VirtualService ${vs.name}`,
                );
            }
        });
    });
}
