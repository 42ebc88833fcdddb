import * as assert from "assert";

import { disallowFaultInjection } from "../../../policies/mesh/disallowFaultInjection";
import { requireNamespaceMtls } from "../../../policies/mesh/requireNamespaceMtls";
import { requireSidecarInjection } from "../../../policies/mesh/requireSidecarInjection";
import { requireStrictMtls } from "../../../policies/mesh/requireStrictMtls";
import { at, listAt } from "../../helpers/edit";
import { compliantDeployment, DEPLOYMENT } from "../../helpers/fixtures";
import { policyCases, runResourcePolicy, runStackPolicy } from "../../helpers/policy";

const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
const VS = "kubernetes:networking.istio.io/v1:VirtualService";
const NS = "kubernetes:core/v1:Namespace";

const nsPeerAuth = () => ({
    metadata: { name: "default", namespace: "supply-chain" },
    spec: { mtls: { mode: "STRICT" } },
});
const destinationRule = () => ({
    metadata: { name: "inventory", namespace: "supply-chain" },
    spec: {
        host: "inventory",
        trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
        subsets: [{ name: "v1", labels: { version: "v1.2.3" } }],
    },
});

describe("mesh-require-strict-mtls", () => {
    describe("PeerAuthentication", () => {
        policyCases(requireStrictMtls, PA, nsPeerAuth, [
            {
                name: "the namespace policy is PERMISSIVE",
                mutate: (p) => (at(p, "spec", "mtls").mode = "PERMISSIVE"),
                expected: [
                    "PeerAuthentication 'supply-chain/default' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh.",
                ],
            },
            {
                name: "a namespace-wide policy leaves the mode unset",
                mutate: (p) => delete at(p, "spec").mtls,
                expected: [
                    `PeerAuthentication 'supply-chain/default' is namespace- or mesh-wide but spec.mtls.mode is "unset"; set it to STRICT explicitly.`,
                ],
            },
            {
                name: "a namespace-wide policy says UNSET",
                mutate: (p) => (at(p, "spec", "mtls").mode = "UNSET"),
                expected: [
                    `PeerAuthentication 'supply-chain/default' is namespace- or mesh-wide but spec.mtls.mode is "UNSET"; set it to STRICT explicitly.`,
                ],
            },
            {
                name: "a port is PERMISSIVE",
                mutate: (p) => (at(p, "spec").portLevelMtls = { 8080: { mode: "PERMISSIVE" } }),
                expected: [
                    "PeerAuthentication 'supply-chain/default' sets spec.portLevelMtls.8080.mode=PERMISSIVE; set it to STRICT or remove the port override. It is not an open migration window: a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh.",
                ],
            },
            {
                name: "the policy is DISABLE (v1beta1 too)",
                mutate: (p) => (at(p, "spec", "mtls").mode = "DISABLE"),
                expected: [
                    "PeerAuthentication 'supply-chain/default' sets spec.mtls.mode=DISABLE; set it to STRICT.",
                ],
            },
        ]);

        it("lets a workload-level policy inherit (UNSET)", async () => {
            const p = {
                metadata: { name: "w", namespace: "supply-chain" },
                spec: { selector: { matchLabels: { app: "inventory" } }, mtls: { mode: "UNSET" } },
            };
            assert.deepStrictEqual(
                await runResourcePolicy(
                    requireStrictMtls,
                    "kubernetes:security.istio.io/v1beta1:PeerAuthentication",
                    p,
                ),
                [],
            );
        });
    });

    describe("DestinationRule", () => {
        policyCases(requireStrictMtls, DR, destinationRule, [
            {
                name: "TLS is disabled",
                mutate: (d) => (at(d, "spec", "trafficPolicy", "tls").mode = "DISABLE"),
                expected: [
                    "DestinationRule 'supply-chain/inventory' sets spec.trafficPolicy.tls.mode=DISABLE; use ISTIO_MUTUAL (or remove it to inherit mesh mTLS).",
                ],
            },
            {
                name: "a subset uses one-way SIMPLE TLS on a port",
                mutate: (d) =>
                    (at(d, "spec", "subsets", 0).trafficPolicy = {
                        portLevelSettings: [{ port: { number: 9090 }, tls: { mode: "SIMPLE" } }],
                    }),
                expected: [
                    "DestinationRule 'supply-chain/inventory' sets spec.subsets[0].trafficPolicy.portLevelSettings[0].tls.mode=SIMPLE; use ISTIO_MUTUAL.",
                ],
            },
        ]);
    });
});

describe("mesh-require-sidecar-injection", () => {
    const ns = () => ({
        metadata: { name: "supply-chain", labels: { "istio-injection": "enabled" } },
    });
    policyCases(requireSidecarInjection, NS, ns, [
        {
            name: "the namespace is not labelled",
            mutate: (n) => delete at(n, "metadata").labels,
            expected: [
                `Namespace 'supply-chain' does not enable sidecar injection (metadata.labels["istio-injection"] is "unset"); label it istio-injection=enabled.`,
            ],
        },
        {
            name: "injection is disabled",
            mutate: (n) => (at(n, "metadata", "labels")["istio-injection"] = "disabled"),
            expected: [
                `Namespace 'supply-chain' does not enable sidecar injection (metadata.labels["istio-injection"] is "disabled"); label it istio-injection=enabled.`,
            ],
        },
    ]);

    policyCases(requireSidecarInjection, DEPLOYMENT, compliantDeployment, [
        {
            name: "a pod template opts out by annotation",
            mutate: (d) =>
                (at(d, "spec", "template", "metadata").annotations = {
                    "sidecar.istio.io/inject": "false",
                }),
            expected: [
                `Deployment 'supply-chain/inventory' opts out of the mesh (spec.template.metadata.annotations["sidecar.istio.io/inject"]="false"); remove it.`,
            ],
        },
        {
            name: "a pod template opts out by label",
            mutate: (d) =>
                (at(d, "spec", "template", "metadata", "labels")["sidecar.istio.io/inject"] =
                    "false"),
            expected: [
                `Deployment 'supply-chain/inventory' opts out of the mesh (spec.template.metadata.labels["sidecar.istio.io/inject"]="false"); remove it.`,
            ],
        },
    ]);

    it("exempts system namespaces and revision labels", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(requireSidecarInjection, NS, {
                metadata: { name: "kube-system" },
            }),
            [],
        );
        assert.deepStrictEqual(
            await runResourcePolicy(requireSidecarInjection, NS, {
                metadata: { name: "apps", labels: { "istio.io/rev": "1-27" } },
            }),
            [],
        );
        assert.deepStrictEqual(
            await runResourcePolicy(
                requireSidecarInjection,
                NS,
                { metadata: { name: "batch" } },
                { exemptNamespaces: ["batch"] },
            ),
            [],
        );
    });
});

describe("mesh-disallow-fault-injection", () => {
    const vs = () => ({
        metadata: { name: "inventory", namespace: "supply-chain" },
        spec: {
            hosts: ["inventory"],
            http: [{ route: [{ destination: { host: "inventory", subset: "v1" } }] }],
        },
    });
    policyCases(disallowFaultInjection, VS, vs, [
        {
            name: "a route injects a delay",
            mutate: (v) =>
                (at(v, "spec", "http", 0).fault = {
                    delay: { percentage: { value: 0.1 }, fixedDelay: "5s" },
                }),
            expected: [
                "VirtualService 'supply-chain/inventory' injects faults on spec.http[0].fault (delay); remove it outside staging.",
            ],
        },
        {
            name: "a second route injects an abort",
            mutate: (v) =>
                listAt(v, "spec", "http").push({
                    fault: { abort: { httpStatus: 503, percentage: { value: 1 } } },
                    route: [],
                }),
            expected: [
                "VirtualService 'supply-chain/inventory' injects faults on spec.http[1].fault (abort); remove it outside staging.",
            ],
        },
    ]);
});

describe("mesh-require-namespace-mtls (stack)", () => {
    const workload = { type: DEPLOYMENT, name: "inventory", props: compliantDeployment() };
    const meshWide = (mode: string) => ({
        type: PA,
        name: "mesh",
        props: {
            metadata: { name: "default", namespace: "istio-system" },
            spec: { mtls: { mode } },
        },
    });
    const own = (mode: string) => ({
        type: PA,
        name: "ns",
        props: {
            metadata: { name: "default", namespace: "supply-chain" },
            spec: { mtls: { mode } },
        },
    });

    it("passes when the mesh-wide policy is STRICT", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requireNamespaceMtls, [workload, meshWide("STRICT")]),
            [],
        );
    });

    it("passes when the namespace's own policy is STRICT", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requireNamespaceMtls, [workload, own("STRICT")]),
            [],
        );
    });

    it("fails when there is no PeerAuthentication at all", async () => {
        assert.deepStrictEqual(await runStackPolicy(requireNamespaceMtls, [workload]), [
            [
                "inventory",
                "Namespace 'supply-chain' runs workloads (e.g. Deployment 'supply-chain/inventory') without STRICT mTLS: it has no namespace-wide PeerAuthentication and there is none mesh-wide in istio-system; add a STRICT PeerAuthentication.",
            ],
        ]);
    });

    it("fails when the namespace overrides a STRICT mesh with PERMISSIVE", async () => {
        assert.deepStrictEqual(
            await runStackPolicy(requireNamespaceMtls, [
                workload,
                meshWide("STRICT"),
                own("PERMISSIVE"),
            ]),
            [
                [
                    "inventory",
                    `Namespace 'supply-chain' runs workloads (e.g. Deployment 'supply-chain/inventory') without STRICT mTLS: its namespace-wide PeerAuthentication says "PERMISSIVE"; add a STRICT PeerAuthentication.`,
                ],
            ],
        );
    });

    it("reports each namespace once and honours a configured root namespace", async () => {
        const second = { type: DEPLOYMENT, name: "order", props: compliantDeployment("order") };
        const custom = {
            type: PA,
            name: "root",
            props: {
                metadata: { name: "default", namespace: "mesh-root" },
                spec: { mtls: { mode: "STRICT" } },
            },
        };
        assert.strictEqual(
            (await runStackPolicy(requireNamespaceMtls, [workload, second])).length,
            1,
        );
        assert.deepStrictEqual(
            await runStackPolicy(requireNamespaceMtls, [workload, second, custom], {
                rootNamespace: "mesh-root",
            }),
            [],
        );
    });
});
