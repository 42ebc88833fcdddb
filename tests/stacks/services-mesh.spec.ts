/**
 * Stack tests for what a running cluster needs from services and mesh: ordering after Istio, egress,
 * subsets and retries, evaluated with each committed stack file. Ordering is read from the recorded
 * `dependencies` (the URNs the engine waits for, as the offline preview reports them); mocks do not
 * prove that the engine honours them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { RecordedResource } from "../../tools/offline/mocks";
import { restrictStoreServiceAccount } from "../../policies/secrets/restrictStoreServiceAccount";
import { parsePlatformConfig } from "../../config";
import { kubernetesTypeToken } from "../../lib/kubernetes";
import { rawStack, stackContext } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { runResourcePolicy } from "../helpers/policy";
import { viewOf } from "../helpers/views";

/** The stack's policy pack configuration (enforcement levels and knobs). */
const packConfig = (stack: string): Record<string, unknown> =>
    JSON.parse(
        fs.readFileSync(path.join(__dirname, `../../policies/config/${stack}.json`), "utf8"),
    );

/** secrets-restrict-store-service-account on one object, with the default knobs. */
function runStorePolicy(obj: Record<string, unknown>) {
    const { apiVersion, kind, metadata } = obj as {
        apiVersion: string;
        kind: string;
        metadata: { name: string };
    };
    return runResourcePolicy(
        restrictStoreServiceAccount,
        kubernetesTypeToken(apiVersion, kind),
        obj,
        {},
        metadata.name,
    );
}

const evaluate = evaluatedStack;

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
type MetaLabels = { labels?: Record<string, string> };
/** Helm charts and releases (their pods are rendered by the chart, which mocks never do). */
const CHART = /^kubernetes:helm\.sh\/v\w+:(Chart|Release)$/;

/** Every kind that runs pods, in any API version (as the pack's workload policies see them). */
const POD_BEARING =
    /^kubernetes:(core\/v1:(Pod|ReplicationController)|apps\/v\w+:(Deployment|StatefulSet|DaemonSet|ReplicaSet)|batch\/v\w+:(Job|CronJob)|argoproj\.io\/v\w+:Rollout)$/;

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: services and mesh in a running cluster`, () => {
        const { namespace } = parsePlatformConfig(rawStack(stack), stackContext(stack));

        it("orders every pod-bearing object of a meshed namespace after istiod and the Istio CNI agent", async () => {
            const { recorder } = await evaluate(stack);
            const chart = (suffix: string) => {
                const found = recorder
                    .ofType("kubernetes:helm.sh/v4:Chart")
                    .filter((c) => c.name === `platform-addons-${suffix}`);
                assert.strictEqual(found.length, 1, `one ${suffix} chart`);
                return found[0].urn;
            };
            const mesh = { istiod: chart("istiod"), cni: chart("istio-cni") };
            const meshed = recorder
                .ofType("kubernetes:core/v1:Namespace")
                .filter((n) => (meta(n) as MetaLabels).labels?.["istio-injection"] === "enabled")
                .map((n) => meta(n).name);
            assert.deepStrictEqual(meshed.sort(), ["istio-ingress", namespace]);
            // Workloads, and charts whose pods land in a meshed namespace (the ingress gateway, whose
            // pods istiod's webhook completes from its gateway template).
            const podBearing = recorder.resources.filter(
                (r) =>
                    (POD_BEARING.test(r.type) &&
                        meshed.includes(
                            (r.inputs.metadata as { namespace?: string })?.namespace ?? "",
                        )) ||
                    (CHART.test(r.type) && meshed.includes(r.inputs.namespace as string)),
            );
            // shipping and customer have no secrets or stores: they used to wait for nothing but their
            // own ServiceAccount, and started before the injection webhook existed.
            assert.deepStrictEqual(podBearing.map((d) => `${d.type}/${d.name}`).sort(), [
                "kubernetes:apps/v1:Deployment/customer",
                "kubernetes:apps/v1:Deployment/ml-prediction",
                "kubernetes:apps/v1:Deployment/order",
                "kubernetes:apps/v1:Deployment/payment",
                "kubernetes:apps/v1:Deployment/shipping",
                // inventory releases as a canary (tests/stacks/delivery.spec.ts)
                "kubernetes:argoproj.io/v1alpha1:Rollout/inventory-rollout",
                // each PostgreSQL store's app role Job (components/datastore/app-role.ts)
                "kubernetes:batch/v1:Job/inventory-db-init-job",
                "kubernetes:batch/v1:Job/order-db-init-job",
                "kubernetes:batch/v1:Job/payment-db-init-job",
                "kubernetes:helm.sh/v4:Chart/platform-addons-ingress-gateway",
            ]);
            for (const d of podBearing) {
                const deps = waitsFor(recorder.resources, d);
                assert.ok(deps.has(mesh.istiod), `${d.name} waits for istiod`);
                assert.ok(deps.has(mesh.cni), `${d.name} waits for the Istio CNI node agent`);
            }
        });

        it("creates every object of the app namespace after the namespace", async () => {
            const { recorder } = await evaluate(stack);
            const ns = recorder
                .ofType("kubernetes:core/v1:Namespace")
                .find((n) => meta(n).name === namespace)!;
            const inside = recorder.resources.filter(
                (r) =>
                    r.type.startsWith("kubernetes:") &&
                    (r.inputs.metadata as { namespace?: string } | undefined)?.namespace ===
                        namespace,
            );
            // Services, their mesh policies, egress entries and Sidecars, monitors and dashboards.
            assert.ok(inside.length > 60, `${inside.length} objects in ${namespace}`);
            const early = inside
                .filter((r) => !waitsFor(recorder.resources, r).has(ns.urn))
                .map((r) => `${r.type}/${r.name}`);
            assert.deepStrictEqual(early, []);
        });

        it("opens egress only for what the config declares, once per host, each workload seeing only its own", async () => {
            const { recorder, outputs } = await evaluate(stack);
            const endpoints = outputs.datastoreEndpoints as Record<string, Record<string, string>>;
            const store = (service: string, kind: string) => endpoints[service][kind].split(":")[0];
            const entries = recorder
                .ofType("kubernetes:networking.istio.io/v1:ServiceEntry")
                .sort((a, b) => meta(a).name.localeCompare(meta(b).name));
            assert.deepStrictEqual(
                entries.map((e) => {
                    const spec = viewOf(e, "kubernetes:networking.istio.io/v1:ServiceEntry").spec!;
                    return [meta(e).name, spec.hosts, spec.ports![0].protocol, spec.resolution];
                }),
                [
                    ["egress-inventory-postgres", [store("inventory", "postgres")], "TCP", "DNS"],
                    ["egress-inventory-redis", [store("inventory", "redis")], "TCP", "DNS"],
                    ["egress-order-postgres", [store("order", "postgres")], "TCP", "DNS"],
                    ["egress-payment-postgres", [store("payment", "postgres")], "TCP", "DNS"],
                    [
                        "egress-sqs-us-west-2-amazonaws-com",
                        ["sqs.us-west-2.amazonaws.com"],
                        "TLS",
                        "DNS",
                    ],
                ],
            );
            for (const e of entries) {
                assert.strictEqual(meta(e).namespace, namespace);
                assert.deepStrictEqual(
                    viewOf(e, "kubernetes:networking.istio.io/v1:ServiceEntry").spec!.exportTo,
                    ["."],
                );
            }
            const sidecars = Object.fromEntries(
                recorder
                    .ofType("kubernetes:networking.istio.io/v1:Sidecar")
                    .map((s) => [
                        meta(s).name,
                        viewOf(s, "kubernetes:networking.istio.io/v1:Sidecar").spec!.egress![0]
                            .hosts,
                    ]),
            );
            const cluster = "*/*.svc.cluster.local";
            // No STS: the pods' own role comes through EKS Pod Identity (the node's agent, reached past
            // the sidecar), and External Secrets, not the pods, reads the stores' secrets. order's
            // statements name SQS; each service with stores imports exactly its own endpoints.
            assert.deepStrictEqual(sidecars, {
                inventory: [
                    cluster,
                    `./${store("inventory", "postgres")}`,
                    `./${store("inventory", "redis")}`,
                ],
                order: [
                    cluster,
                    "./sqs.us-west-2.amazonaws.com",
                    `./${store("order", "postgres")}`,
                ],
                shipping: [cluster],
                payment: [cluster, `./${store("payment", "postgres")}`],
                customer: [cluster],
                "ml-prediction": [cluster],
                // the app role Jobs reach their own database only (no STS: External Secrets reads
                // their secrets, not the Job)
                "inventory-db-init": [cluster, `./${store("inventory", "postgres")}`],
                "order-db-init": [cluster, `./${store("order", "postgres")}`],
                "payment-db-init": [cluster, `./${store("payment", "postgres")}`],
            });
        });

        it("keeps the stable subset on a label every pod of a rolling update carries, whatever its image", async () => {
            const { recorder } = await evaluate(stack);
            for (const dr of recorder.ofType("kubernetes:networking.istio.io/v1:DestinationRule")) {
                // inventory runs canary pods (a canary Rollout); the others run none.
                assert.deepStrictEqual(
                    viewOf(dr, "kubernetes:networking.istio.io/v1:DestinationRule").spec!.subsets,
                    [
                        { name: "stable", labels: { track: "stable" } },
                        ...(meta(dr).name === "inventory"
                            ? [{ name: "canary", labels: { track: "canary" } }]
                            : []),
                    ],
                    `DestinationRule ${dr.name}`,
                );
            }
            for (const d of recorder
                .ofType("kubernetes:apps/v1:Deployment")
                .filter((d) => meta(d).namespace === namespace)) {
                assert.strictEqual(
                    viewOf(d, "kubernetes:apps/v1:Deployment").spec.template.metadata.labels.track,
                    "stable",
                    d.name,
                );
            }
        });

        it("retries POST and PATCH only when the request never reached the service, inside the mesh and at the gateway", async () => {
            const { recorder } = await evaluate(stack);
            const VS = "kubernetes:networking.istio.io/v1:VirtualService";
            const all = recorder.ofType(VS);
            for (const vs of all.filter((v) => meta(v).namespace === namespace)) {
                const http = viewOf(vs, VS).spec!.http!;
                assert.deepStrictEqual(
                    http.map((r) => [
                        r.name,
                        r.match?.map((m) => m.method!.exact),
                        r.retries!.retryOn,
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
            // Every route of every VirtualService (the gateway's too) that retries on more than
            // connect-failure,refused-stream matches idempotent methods only.
            const routes = all.flatMap((vs) =>
                viewOf(vs, VS).spec!.http!.map((r) => ({ vs: vs.name, ...r })),
            );
            assert.ok(
                routes.some((r) => meta(all.find((v) => v.name === r.vs)!).namespace !== namespace),
            );
            for (const r of routes.filter(
                (r) => r.retries && r.retries.retryOn !== "connect-failure,refused-stream",
            )) {
                assert.ok((r.match?.length ?? 0) > 0, `${r.vs}/${r.name} matches methods`);
                for (const m of r.match!) {
                    const method = m.method?.exact;
                    assert.ok(
                        method !== undefined &&
                            ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(method),
                        `${r.vs}/${r.name} retries ${JSON.stringify(m)}`,
                    );
                }
            }
        });

        it("keeps every SecretStore and ExternalSecret to its own service's identity, checked by a mandatory policy", async () => {
            const { recorder } = await evaluate(stack);
            assert.strictEqual(
                packConfig(stack)["secrets-restrict-store-service-account"],
                "mandatory",
            );
            const objects = recorder.resources.filter((r) =>
                /^kubernetes:external-secrets\.io\/v\w+:(SecretStore|ExternalSecret)$/.test(r.type),
            );
            assert.deepStrictEqual(
                objects.map((o) => `${o.type.split(":")[2]}/${meta(o).name}`).sort(),
                [
                    "ExternalSecret/alertmanager-config",
                    "ExternalSecret/grafana-admin",
                    "ExternalSecret/inventory-datastores",
                    "ExternalSecret/inventory-db-init",
                    "ExternalSecret/order-datastores",
                    "ExternalSecret/order-db-init",
                    "ExternalSecret/payment-datastores",
                    "ExternalSecret/payment-db-init",
                    "ExternalSecret/payment-secrets",
                    "SecretStore/inventory-db-init-secrets",
                    "SecretStore/inventory-secrets",
                    "SecretStore/order-db-init-secrets",
                    "SecretStore/order-secrets",
                    "SecretStore/payment-db-init-secrets",
                    "SecretStore/payment-secrets",
                ],
            );
            for (const o of objects) {
                assert.deepStrictEqual(await runStorePolicy(o.inputs), [], `${o.type} ${o.name}`);
            }
            // The policy is live on the stack's own objects: inventory's store borrowing payment's account.
            const store = objects.find(
                (o) => meta(o).name === "inventory-secrets" && /SecretStore$/.test(o.type),
            )!;
            const borrowed = { ...store, inputs: structuredClone(store.inputs) };
            viewOf(
                borrowed,
                "kubernetes:external-secrets.io/v1:SecretStore",
            ).spec!.provider.aws!.auth!.jwt!.serviceAccountRef!.name = "payment";
            assert.deepStrictEqual(await runStorePolicy(borrowed.inputs), [
                `SecretStore '${namespace}/inventory-secrets' names service account "payment" at spec.provider.aws.auth.jwt.serviceAccountRef; a store may name only its own workload's account ('inventory' or its secrets reader 'inventory-secrets-reader', from app.kubernetes.io/name).`,
            ]);
        });

        it("leaves the model server's istio-proxy sidecar out of its VPA", async () => {
            const { recorder } = await evaluate(stack);
            const vpas = recorder.ofType("kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler");
            assert.deepStrictEqual(
                vpas.map((v) => [
                    meta(v).name,
                    (
                        v.inputs.spec as {
                            resourcePolicy: {
                                containerPolicies: { containerName: string; mode?: string }[];
                            };
                        }
                    ).resourcePolicy.containerPolicies.map((c) => [c.containerName, c.mode]),
                ]),
                [
                    [
                        "ml-prediction",
                        [
                            ["ml-prediction", undefined],
                            ["istio-proxy", "Off"],
                        ],
                    ],
                ],
            );
        });
    });
}
