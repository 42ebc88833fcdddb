/**
 * Guard: `mesh.migrationWindow` and the policy pack agree. Staging with a window evaluates through the
 * real pack with 0 mandatory violations under staging's policy config; production's policy config
 * (no migration namespace) refuses the same PeerAuthentications; namespace-wide PERMISSIVE, an ended
 * window and a window without a selector are refused in both.
 */
import * as assert from "assert";
import * as path from "path";

import { evaluateProgram, Evaluation } from "../../tools/offline/evaluate";
import {
    AnalyzerInput,
    readPackConfig,
    startPolicyPack,
    Violation,
} from "../../tools/offline/pack";
import { previewResource } from "../../tools/offline/preview";
import { redactSecrets } from "../../tools/offline/secrets";
import { utcToday } from "../../lib/kubernetes/mtls-migration";
import { ROOT, stackConfig } from "../helpers/config";

const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
const UNTIL = "supply-chain-platform/mtls-migration-until";
const MTLS_POLICIES = ["mesh-require-strict-mtls", "mesh-require-namespace-mtls"];

/** Runs the real pack (in process) with a committed stack's policy config over the resources. */
async function analyze(
    resources: readonly AnalyzerInput[],
    policyStack: "staging" | "production",
): Promise<Violation[]> {
    const pack = await startPolicyPack({
        route: "inprocess",
        config: readPackConfig(path.join(ROOT, "policies", "config", `${policyStack}.json`)),
    });
    try {
        return [...(await pack.analyze(resources)), ...(await pack.analyzeStack(resources))];
    } finally {
        await pack.stop();
    }
}

function inputsOf(e: Evaluation): AnalyzerInput[] {
    return e.recorder.resources.map((r) => ({
        ...previewResource(r),
        props: redactSecrets(structuredClone(r.inputs)),
    }));
}

const mandatory = (vs: readonly Violation[]) =>
    vs.filter((v) => v.enforcementLevel === "mandatory");
const byName = (inputs: readonly AnalyzerInput[], name: string) =>
    inputs.find((r) => r.type === PA && r.name === name)!;

describe("stack staging with mesh.migrationWindow, through the real pack", function () {
    this.timeout(240_000);
    const until = utcToday(new Date(Date.now() + 30 * 86_400_000));
    let inputs: AnalyzerInput[];

    before(async () => {
        const stack = stackConfig("staging");
        const mesh = JSON.parse(stack.config["supply-chain-platform:mesh"]);
        mesh.migrationWindow = {
            until,
            reason: "the monolith still calls order and ml-prediction in plain text",
            services: ["order", "ml-prediction"],
        };
        const config = { ...stack.config, "supply-chain-platform:mesh": JSON.stringify(mesh) };
        inputs = inputsOf(await evaluateProgram({ ...stack, config }));
    });

    it("creates one workload-level PERMISSIVE PeerAuthentication per named workload; the namespace stays STRICT", () => {
        assert.deepStrictEqual(
            inputs
                .filter((r) => r.type === PA)
                .map((r) => [r.name, r.props.metadata, r.props.spec])
                .filter(([name]) => String(name).startsWith("apps-mesh")),
            [
                [
                    "apps-mesh-peer-authn",
                    { name: "default", namespace: "supply-chain" },
                    { mtls: { mode: "STRICT" } },
                ],
                ...["order", "ml-prediction"].map((app) => [
                    `apps-mesh-migration-${app}`,
                    {
                        name: `${app}-mtls-migration`,
                        namespace: "supply-chain",
                        labels: { app, "app.kubernetes.io/part-of": "supply-chain-platform" },
                        annotations: {
                            [UNTIL]: until,
                            "supply-chain-platform/mtls-migration-reason":
                                "the monolith still calls order and ml-prediction in plain text",
                        },
                    },
                    { selector: { matchLabels: { app } }, mtls: { mode: "PERMISSIVE" } },
                ]),
            ],
        );
    });

    it("has 0 mandatory violations with staging's policy config", async () => {
        assert.deepStrictEqual(mandatory(await analyze(inputs, "staging")), []);
    });

    it("is refused by production's policy config, PeerAuthentication by PeerAuthentication", async () => {
        const found = mandatory(await analyze(inputs, "production")).filter((v) =>
            MTLS_POLICIES.includes(v.policy),
        );
        assert.deepStrictEqual(
            found.map((v) => [v.policy, v.urn.split("::").pop(), v.message]),
            ["order", "ml-prediction"].map((app) => [
                "mesh-require-strict-mtls",
                `apps-mesh-migration-${app}`,
                `PeerAuthentication 'supply-chain/${app}-mtls-migration' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: namespace 'supply-chain' is not one of this stack's migrationNamespaces (none).`,
            ]),
        );
    });

    /** One shape the pack must refuse, made from the evaluated stack, and what staging's pack says. */
    const refusals: [string, (rs: AnalyzerInput[]) => void, [string, string, string][]][] = [
        [
            "the namespace-wide policy turned PERMISSIVE",
            (rs) => {
                const ns = byName(rs, "apps-mesh-peer-authn").props as {
                    spec: { mtls: { mode: string } };
                };
                ns.spec.mtls.mode = "PERMISSIVE";
            },
            [
                [
                    "mesh-require-strict-mtls",
                    "apps-mesh-peer-authn",
                    "PeerAuthentication 'supply-chain/default' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh.",
                ],
                [
                    "mesh-require-namespace-mtls",
                    "WORKLOAD",
                    `its namespace-wide PeerAuthentication says "PERMISSIVE"`,
                ],
            ],
        ],
        [
            "a window whose end date has passed",
            (rs) => {
                const w = byName(rs, "apps-mesh-migration-order").props as {
                    metadata: { annotations: Record<string, string> };
                };
                w.metadata.annotations[UNTIL] = "2000-01-01";
            },
            [
                [
                    "mesh-require-strict-mtls",
                    "apps-mesh-migration-order",
                    "PeerAuthentication 'supply-chain/order-mtls-migration' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: the migration window ended on 2000-01-01.",
                ],
            ],
        ],
        [
            "a window without a selector",
            (rs) => {
                const w = byName(rs, "apps-mesh-migration-order").props as {
                    spec: Record<string, unknown>;
                };
                delete w.spec.selector;
            },
            [
                [
                    "mesh-require-strict-mtls",
                    "apps-mesh-migration-order",
                    "PeerAuthentication 'supply-chain/order-mtls-migration' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh.",
                ],
                [
                    "mesh-require-namespace-mtls",
                    "WORKLOAD",
                    `its namespace-wide PeerAuthentication says "PERMISSIVE"`,
                ],
            ],
        ],
    ];
    for (const [label, edit, expected] of refusals) {
        it(`fails with staging's policy config for ${label}`, async () => {
            const edited = inputs.map((r) => ({ ...r, props: structuredClone(r.props) }));
            edit(edited);
            const found = mandatory(await analyze(edited, "staging")).map((v) => [
                v.policy,
                v.urn.split("::").pop()!,
                v.message,
            ]);
            // The namespace policy names the first workload it meets; compare its reason only.
            assert.deepStrictEqual(
                found.map(([policy, name, message]) =>
                    policy === "mesh-require-namespace-mtls"
                        ? [
                              policy,
                              "WORKLOAD",
                              message.replace(
                                  /^.*without STRICT mTLS: (.*); add a STRICT PeerAuthentication\.$/,
                                  "$1",
                              ),
                          ]
                        : [policy, name, message],
                ),
                expected,
            );
        });
    }
});
