/**
 * mesh-require-strict-mtls and the migration window: PERMISSIVE is admitted only on a workload-level
 * PeerAuthentication in a namespace the policy config lists, with a reason and an end date not yet
 * passed; DISABLE never; namespace- and mesh-wide PERMISSIVE never.
 */
import * as assert from "assert";

import { requireStrictMtls } from "../../../policies/mesh/requireStrictMtls";
import { utcToday } from "../../../lib/kubernetes/mtls-migration";
import { runResourcePolicy } from "../../helpers/policy";

const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
const UNTIL = "supply-chain-platform/mtls-migration-until";
const REASON = "supply-chain-platform/mtls-migration-reason";
const STAGING = { migrationNamespaces: ["supply-chain"] };
const PRODUCTION = { migrationNamespaces: [] };
const FUTURE = "2099-12-31";
const WHAT = "PeerAuthentication 'supply-chain/order-mtls-migration'";

/** The window's PeerAuthentication as MeshNamespacePolicy builds it (whole workload). */
function window(): Record<string, unknown> {
    return {
        metadata: {
            name: "order-mtls-migration",
            namespace: "supply-chain",
            annotations: { [UNTIL]: FUTURE, [REASON]: "the monolith still calls order" },
        },
        spec: { selector: { matchLabels: { app: "order" } }, mtls: { mode: "PERMISSIVE" } },
    };
}

const refused = (path: string, fix: string, why: string) =>
    `${WHAT} sets ${path}=PERMISSIVE; ${fix}. It is not an open migration window: ${why}.`;
const MODE = (why: string) => refused("spec.mtls.mode", "set it to STRICT", why);

describe("mesh-require-strict-mtls: migration windows", () => {
    it("admits an open window in a listed namespace, whole workload or named ports", async () => {
        const ports = window();
        (ports.spec as Record<string, unknown>).mtls = { mode: "STRICT" };
        (ports.spec as Record<string, unknown>).portLevelMtls = { "8080": { mode: "PERMISSIVE" } };
        for (const o of [window(), ports]) {
            assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, o, STAGING), []);
        }
    });

    it("admits a window on its last day and refuses it the day after", async () => {
        const today = utcToday();
        const yesterday = utcToday(new Date(Date.now() - 86_400_000));
        const last = window();
        (last.metadata as { annotations: Record<string, string> }).annotations[UNTIL] = today;
        assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, last, STAGING), []);
        (last.metadata as { annotations: Record<string, string> }).annotations[UNTIL] = yesterday;
        assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, last, STAGING), [
            MODE(`the migration window ended on ${yesterday}`),
        ]);
    });

    it("fails in production's config, which lists no namespace", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(requireStrictMtls, PA, window(), PRODUCTION),
            [
                MODE(
                    "namespace 'supply-chain' is not one of this stack's migrationNamespaces (none)",
                ),
            ],
        );
        // The pack's default (no config) is production's.
        assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, window()), [
            MODE("namespace 'supply-chain' is not one of this stack's migrationNamespaces (none)"),
        ]);
    });

    /** Selectors that select nothing in particular: unset, null, empty, matchLabels unset/null/empty. */
    const wideSelectors: [string, unknown][] = [
        ["selector unset", undefined],
        ["selector null", null],
        ["selector {}", {}],
        ["matchLabels null", { matchLabels: null }],
        ["matchLabels {}", { matchLabels: {} }],
    ];
    for (const [label, selector] of wideSelectors) {
        it(`fails for namespace-wide PERMISSIVE (${label}), even with the annotations`, async () => {
            const o = window();
            const spec = o.spec as Record<string, unknown>;
            if (selector === undefined) {
                delete spec.selector;
            } else {
                spec.selector = selector;
            }
            assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, o, STAGING), [
                MODE(
                    "a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh",
                ),
            ]);
        });
    }

    it("fails for a mesh-wide PERMISSIVE in the root namespace", async () => {
        const o = window();
        delete (o.spec as Record<string, unknown>).selector;
        (o.metadata as Record<string, unknown>).namespace = "istio-system";
        assert.deepStrictEqual(
            await runResourcePolicy(requireStrictMtls, PA, o, {
                migrationNamespaces: ["supply-chain", "istio-system"],
            }),
            [
                `PeerAuthentication 'istio-system/order-mtls-migration' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh.`,
            ],
        );
    });

    const annotationCases: [string, (a: Record<string, unknown> | null) => unknown, string][] = [
        [
            "the end date is unset",
            (a) => (delete a![UNTIL], a),
            `annotation ${UNTIL} must be the window's last day (YYYY-MM-DD), got "unset"`,
        ],
        [
            "the end date is null",
            (a) => ((a![UNTIL] = null), a),
            `annotation ${UNTIL} must be the window's last day (YYYY-MM-DD), got "unset"`,
        ],
        [
            "the end date is not a calendar day",
            (a) => ((a![UNTIL] = "2099-02-30"), a),
            `annotation ${UNTIL} must be the window's last day (YYYY-MM-DD), got "2099-02-30"`,
        ],
        [
            "the end date is a timestamp",
            (a) => ((a![UNTIL] = "2099-12-31T00:00:00Z"), a),
            `annotation ${UNTIL} must be the window's last day (YYYY-MM-DD), got "2099-12-31T00:00:00Z"`,
        ],
        [
            "the end date has passed",
            (a) => ((a![UNTIL] = "2000-01-01"), a),
            "the migration window ended on 2000-01-01",
        ],
        [
            "the reason is blank",
            (a) => ((a![REASON] = "  "), a),
            `annotation ${REASON} must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 0 visible characters and 0 different words`,
        ],
        [
            "annotations are null",
            () => null,
            `annotation ${UNTIL} must be the window's last day (YYYY-MM-DD), got "unset"`,
        ],
    ];
    for (const [label, edit, why] of annotationCases) {
        it(`fails when ${label}`, async () => {
            const o = window();
            const meta = o.metadata as Record<string, unknown>;
            meta.annotations = edit(meta.annotations as Record<string, unknown>);
            assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, o, STAGING), [
                MODE(why),
            ]);
        });
    }

    it("never admits DISABLE, whole workload or per port, even in an open window", async () => {
        const o = window();
        (o.spec as Record<string, unknown>).mtls = { mode: "DISABLE" };
        (o.spec as Record<string, unknown>).portLevelMtls = {
            "8080": { mode: "DISABLE" },
            "9090": { mode: "PERMISSIVE" },
        };
        assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, o, STAGING), [
            `${WHAT} sets spec.mtls.mode=DISABLE; set it to STRICT.`,
            `${WHAT} sets spec.portLevelMtls.8080.mode=DISABLE; set it to STRICT or remove the port override.`,
        ]);
    });

    /**
     * Generated inputs: every mode (unset, null, each enum value) on the workload and on a port, with
     * a workload selector, inside or outside a listed namespace. Expected outcome from the rule itself:
     * DISABLE always fails, PERMISSIVE fails only outside the listed namespace, nothing else fails.
     */
    const modes: unknown[] = [undefined, null, "UNSET", "STRICT", "PERMISSIVE", "DISABLE"];
    it("decides every mode combination on a workload-level policy by the rule", async () => {
        let checked = 0;
        for (const listed of [true, false]) {
            for (const mode of modes) {
                for (const portMode of [...modes, "no port"]) {
                    const o = window();
                    const spec = o.spec as Record<string, unknown>;
                    spec.mtls = mode === undefined ? undefined : { mode };
                    if (mode === undefined) {
                        delete spec.mtls;
                    }
                    if (portMode === "no port") {
                        delete spec.portLevelMtls;
                    } else {
                        spec.portLevelMtls = {
                            "8080": portMode === undefined ? {} : { mode: portMode },
                        };
                    }
                    const config = listed ? STAGING : PRODUCTION;
                    const why =
                        "namespace 'supply-chain' is not one of this stack's migrationNamespaces (none)";
                    const expected: string[] = [];
                    if (mode === "DISABLE") {
                        expected.push(`${WHAT} sets spec.mtls.mode=DISABLE; set it to STRICT.`);
                    } else if (mode === "PERMISSIVE" && !listed) {
                        expected.push(MODE(why));
                    }
                    const portFix = "set it to STRICT or remove the port override";
                    if (portMode === "DISABLE") {
                        expected.push(
                            `${WHAT} sets spec.portLevelMtls.8080.mode=DISABLE; ${portFix}.`,
                        );
                    } else if (portMode === "PERMISSIVE" && !listed) {
                        expected.push(refused("spec.portLevelMtls.8080.mode", portFix, why));
                    }
                    assert.deepStrictEqual(
                        await runResourcePolicy(requireStrictMtls, PA, o, config),
                        expected,
                        `mode ${String(mode)}, port ${String(portMode)}, listed ${listed}`,
                    );
                    checked++;
                }
            }
        }
        assert.strictEqual(checked, 2 * modes.length * (modes.length + 1));
    });

    it("reads null spec parts as unset on namespace-wide policies", async () => {
        const nullSpec = { metadata: { name: "default", namespace: "supply-chain" }, spec: null };
        const nullMtls = {
            metadata: { name: "default", namespace: "supply-chain" },
            spec: { mtls: null, portLevelMtls: null, selector: null },
        };
        for (const o of [nullSpec, nullMtls]) {
            assert.deepStrictEqual(await runResourcePolicy(requireStrictMtls, PA, o, STAGING), [
                `PeerAuthentication 'supply-chain/default' is namespace- or mesh-wide but spec.mtls.mode is "unset"; set it to STRICT explicitly.`,
            ]);
        }
    });
});
