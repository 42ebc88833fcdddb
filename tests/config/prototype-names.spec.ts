/**
 * Names are data (config side): a name equal to a member of Object.prototype (`constructor`, or
 * `toString` where the field's characters allow it) is one more name. A reference to one that the
 * config does not declare is refused like any other unknown name, never found on Object.prototype.
 */
import * as assert from "assert";
import fc from "fast-check";

import { ConfigError, parsePlatformConfig } from "../../config";
import { awsServiceHosts } from "../../components/internal/egress";
import { podSelectsNodeLabels } from "../../lib/kubernetes";
import { hasOwnKey, ownValue } from "../../lib/records";
import { at, listAt } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const MEMBERS = Object.getOwnPropertyNames(Object.prototype);
/** A member as a DNS label (service, ML workload, node group names): `__proto__` -> `proto`. */
const asLabel = (member: string) => member.toLowerCase().replace(/[^a-z0-9-]/g, "");

const cases: ConfigCase[] = [
    {
        name: "an ML workload on node group constructor, which is not declared",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction").nodeGroup = "constructor"),
        message: `${P}:mlWorkloads.ml-prediction.nodeGroup must name a managed node group of cluster.nodeGroups or a NodePool of karpenter.nodePools (general, ml), got "constructor"`,
    },
    {
        name: "mesh policy for constructor, which is not declared",
        mutate: (c) => Reflect.set(at(c, "mesh", "services"), "constructor", { rules: {} }),
        message: `${P}:mesh.services.constructor is not a declared service (inventory, order, shipping, payment, customer, ml-prediction), got "constructor"`,
    },
    {
        name: "a mesh rule for caller constructor, which is not a caller",
        mutate: (c) =>
            Reflect.set(at(c, "mesh", "services", "inventory", "rules"), "constructor", {
                methods: ["GET"],
            }),
        message: `${P}:mesh.services.inventory.rules.constructor is not one of services.inventory.callers (order, ml-prediction), got "constructor"`,
    },
    {
        name: "a node group label key toString (the SDK cannot register the labels)",
        mutate: (c) =>
            Reflect.set(at(c, "cluster", "nodeGroups", "general", "labels"), "toString", "x"),
        message: `${P}:cluster.nodeGroups.general.labels.toString must not be toString: the Pulumi SDK writes each resource input as text, and node group labels holding their own toString cannot be (it throws "Cannot convert object to primitive value"); use another label key, got "toString"`,
    },
    {
        name: "a model server named like a service's inherited member (constructor), next to services",
        mutate: (c) => {
            const mlWorkloads = at(c, "mlWorkloads");
            Reflect.set(mlWorkloads, "constructor", mlWorkloads["ml-prediction"]);
            delete mlWorkloads["ml-prediction"];
            listAt(c, "services", "inventory", "callers").splice(1, 1);
            delete at(c, "mesh", "services", "inventory", "rules")["ml-prediction"];
        },
        // Accepted: services has no own `constructor`, so the names do not collide.
        message: "",
    },
];

describe("config: names equal to Object.prototype's members", () => {
    configCases(
        cases.filter((c) => c.message !== ""),
        managedGroupsStack,
    );

    it("accepts a model server named constructor (services inherit, but do not hold, that name)", () => {
        const raw = managedGroupsStack("staging");
        cases.find((c) => c.message === "")!.mutate(raw);
        const config = parsePlatformConfig(raw, stackContext("staging"));
        assert.deepStrictEqual(Object.keys(config.mlWorkloads), ["constructor"]);
    });

    it("refuses an undeclared node group named after any member, accepts a declared one (generated)", () => {
        fc.assert(
            fc.property(fc.constantFrom(...MEMBERS), fc.boolean(), (member, declared) => {
                const name = asLabel(member);
                const raw = managedGroupsStack("staging");
                const groups = at(raw, "cluster", "nodeGroups");
                if (declared) {
                    groups[name] = groups.ml;
                    delete groups.ml;
                    at(raw, "cluster", "nodeGroups", name, "labels").workload = name;
                }
                at(raw, "mlWorkloads", "ml-prediction").nodeGroup = name;
                const groupsText = declared ? `general, ${name}` : "general, ml";
                try {
                    const config = parsePlatformConfig(raw, stackContext("staging"));
                    assert.ok(declared, `accepted undeclared node group ${name}`);
                    assert.strictEqual(config.mlWorkloads["ml-prediction"].nodeGroup, name);
                } catch (e) {
                    assert.ok(e instanceof ConfigError, String(e));
                    assert.ok(!declared, e.message);
                    assert.strictEqual(
                        e.message,
                        `${P}:mlWorkloads.ml-prediction.nodeGroup must name a managed node group of cluster.nodeGroups or a NodePool of karpenter.nodePools (${groupsText}), got "${name}"`,
                    );
                }
            }),
            { numRuns: 40, seed: 25 },
        );
    });

    it("renames any service to a member's label and keeps its callers and mesh entry (generated)", () => {
        fc.assert(
            fc.property(
                fc.constantFrom(...MEMBERS),
                fc.constantFrom("inventory", "order", "customer"),
                (member, service) => {
                    const name = asLabel(member);
                    const raw = managedGroupsStack("staging");
                    const rename = (v: unknown): unknown =>
                        Array.isArray(v)
                            ? v.map(rename)
                            : v === service
                              ? name
                              : v !== null && typeof v === "object"
                                ? Object.fromEntries(
                                      Object.entries(v).map(([k, x]) => [
                                          k === service ? name : k,
                                          rename(x),
                                      ]),
                                  )
                                : v;
                    const config = parsePlatformConfig(
                        {
                            ...raw,
                            services: rename(raw.services),
                            mesh: rename(raw.mesh),
                            mlWorkloads: rename(raw.mlWorkloads),
                        },
                        stackContext("staging"),
                    );
                    assert.ok(hasOwnKey(config.services, name));
                    assert.ok(!hasOwnKey(config.services, service));
                    assert.strictEqual(
                        hasOwnKey(config.mesh.services, name),
                        service === "inventory",
                    );
                },
            ),
            { numRuns: 30, seed: 25 },
        );
    });
});

describe("config: node group label keys named after Object.prototype's members", () => {
    it("accepts every member that is a label key but toString, and keeps it as an own label (generated)", () => {
        const labelKey = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
        fc.assert(
            fc.property(fc.constantFrom(...MEMBERS.filter((m) => labelKey.test(m))), (key) => {
                const raw = managedGroupsStack("staging");
                Reflect.set(at(raw, "cluster", "nodeGroups", "general", "labels"), key, "yes");
                try {
                    const config = parsePlatformConfig(raw, stackContext("staging"));
                    assert.notStrictEqual(key, "toString");
                    assert.strictEqual(
                        ownValue(config.cluster.nodeGroups.general.labels, key),
                        "yes",
                    );
                } catch (e) {
                    assert.ok(e instanceof ConfigError, String(e));
                    assert.strictEqual(key, "toString", e.message);
                }
            }),
            { numRuns: 20, seed: 25 },
        );
    });
});

describe("lookups by a name equal to an Object.prototype member", () => {
    it("ownValue and hasOwnKey see own entries only, for every member", () => {
        for (const member of MEMBERS) {
            assert.strictEqual(ownValue({}, member), undefined, member);
            assert.strictEqual(hasOwnKey({}, member), false, member);
            assert.strictEqual(ownValue(Object.fromEntries([[member, 1]]), member), 1, member);
        }
    });

    it("a node affinity on label key toString (valid) does not select a group without that label", () => {
        const spec = (operator: string) => ({
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [{ matchExpressions: [{ key: "toString", operator }] }],
                    },
                },
            },
        });
        assert.strictEqual(podSelectsNodeLabels(spec("Exists"), { workload: "ml" }), false);
        assert.strictEqual(podSelectsNodeLabels(spec("Exists"), { toString: "yes" }), true);
    });

    it("an IAM action of service prefix constructor opens constructor's endpoint, like any prefix", () => {
        assert.deepStrictEqual(
            awsServiceHosts([{ actions: ["constructor:GetThing"], resources: ["*"] }], "us-west-2"),
            [
                {
                    key: "constructor.us-west-2.amazonaws.com",
                    host: "constructor.us-west-2.amazonaws.com",
                    port: 443,
                    protocol: "TLS",
                },
            ],
        );
    });
});
