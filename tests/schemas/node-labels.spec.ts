/**
 * Principle 7: node label keys the kubelet may set on its own node (NodeRestriction), and int32 fields.
 */
import * as assert from "assert";
import fc from "fast-check";

import { at } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack } from "../helpers/config";
import { KUBELET_LABELS, kubeletMaySet } from "../../schemas/node-labels";

const P = "supply-chain-platform";
const RESTRICTED = `must not be in the kubernetes.io or k8s.io namespaces, which the NodeRestriction admission plugin keeps from kubelets (allowed there: *.kubelet.kubernetes.io/*, *.node.kubernetes.io/* and the well-known ${KUBELET_LABELS.join(", ")}); use your own prefix such as example.com/`;
const labels = (c: Record<string, unknown>) => at(c, "cluster", "nodeGroups", "general", "labels");

const cases: ConfigCase[] = [
    {
        name: "a node-role label (the kubelet may not give itself a role)",
        mutate: (c) => (labels(c)["node-role.kubernetes.io/worker"] = "true"),
        message: `${P}:cluster.nodeGroups.general.labels.node-role.kubernetes.io/worker is not a valid key: it ${RESTRICTED}, got "node-role.kubernetes.io/worker"`,
    },
    {
        name: "a node-restriction label (reserved for labels kubelets cannot set)",
        mutate: (c) => (labels(c)["node-restriction.kubernetes.io/pci"] = "true"),
        message: `${P}:cluster.nodeGroups.general.labels.node-restriction.kubernetes.io/pci is not a valid key: it ${RESTRICTED}, got "node-restriction.kubernetes.io/pci"`,
    },
    {
        name: "a k8s.io subdomain label",
        mutate: (c) => (labels(c)["team.k8s.io/owner"] = "web"),
        message: `${P}:cluster.nodeGroups.general.labels.team.k8s.io/owner is not a valid key: it ${RESTRICTED}, got "team.k8s.io/owner"`,
    },
    {
        name: "a label name longer than 63 characters",
        mutate: (c) => (labels(c)[`example.com/${"a".repeat(64)}`] = "x"),
        message: `${P}:cluster.nodeGroups.general.labels.example.com/${"a".repeat(64)} is not a valid key: it must have a name of at most 63 characters after a prefix of at most 253, got "example.com/${"a".repeat(64)}"`,
    },
    {
        name: "an HPA maximum beyond int32",
        mutate: (c) => {
            const inv = at(c, "services", "inventory");
            delete inv.replicas;
            inv.autoscaling = { minReplicas: 2, maxReplicas: 2 ** 31, cpuUtilization: 70 };
        },
        message: `${P}:services.inventory.autoscaling.maxReplicas must be at most 2147483647 (an int32 field), got 2147483648`,
    },
];

describe("config: node label keys and int32 fields (principle 7)", () => {
    configCases(cases, managedGroupsStack);

    const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
    const name = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/);

    it("refuses every key under kubernetes.io or k8s.io outside the kubelet's namespaces", () => {
        fc.assert(
            fc.property(
                fc.array(dnsLabel, { maxLength: 2 }),
                fc.constantFrom("kubernetes.io", "k8s.io"),
                name,
                (sub, root, n) => {
                    const ns = [...sub, root].join(".");
                    const key = `${ns}/${n}`;
                    const allowedNs = /(^|\.)(kubelet|node)\.kubernetes\.io$/.test(ns);
                    assert.strictEqual(
                        kubeletMaySet(key),
                        allowedNs || KUBELET_LABELS.includes(key),
                        key,
                    );
                },
            ),
        );
    });

    it("accepts every key with another prefix or none", () => {
        fc.assert(
            fc.property(
                fc.option(fc.array(dnsLabel, { minLength: 1, maxLength: 3 })),
                name,
                (ns, n) => {
                    const prefix = ns === null ? "" : `${ns.join(".")}.example.com/`;
                    assert.ok(kubeletMaySet(`${prefix}${n}`));
                },
            ),
        );
    });
});
