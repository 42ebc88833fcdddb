/**
 * Pods per node from the VPC CNI's limits: the config counts the platform's DaemonSets on each node
 * group (the same list the add-on models place there) and the pods it places on the group, against
 * `maxPods` of the group's instance type.
 */
import * as assert from "assert";

import { configWarnings, parsePlatformConfig } from "../../config";
import { nodeLabels, podRunsOnGroup } from "../../lib/kubernetes";
import { daemonSetsOn } from "../../schemas/pod-slots";
import { capacityInputs } from "../../tools/offline/capacity-inputs";
import { at, Plain } from "../helpers/edit";
import { managedGroupsStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";

function tinyServices(raw: Plain, inventoryMax: number) {
    for (const name of ["inventory", "order", "shipping", "payment", "customer"]) {
        const s = at(raw, "services", name);
        s.resources = {
            requests: { cpu: "10m", memory: "16Mi" },
            limits: { cpu: "10m", memory: "16Mi" },
        };
    }
    const inventory = at(raw, "services", "inventory");
    if (inventory.autoscaling) {
        at(inventory, "autoscaling").maxReplicas = inventoryMax;
    } else {
        inventory.replicas = inventoryMax;
    }
}

describe("config: pods per node from the VPC CNI's limits", () => {
    for (const stack of ["staging", "production"] as const) {
        it(`${stack}: counts the DaemonSets the add-on models place on each node group`, () => {
            const config = parsePlatformConfig(managedGroupsStack(stack), stackContext(stack));
            const models = capacityInputs(config, []).addonWorkloads.filter(
                (w) => w.kind === "DaemonSet",
            );
            for (const [name, g] of Object.entries(config.cluster.nodeGroups)) {
                const labels = nodeLabels({
                    labels: g.labels,
                    nodeGroupName: name,
                    instanceType: g.instanceTypes[0],
                    capacityType: g.capacityType,
                    arch: "amd64",
                });
                const placed = models.filter((w) =>
                    podRunsOnGroup(w.podSpec, { labels, taints: g.taints }),
                );
                assert.strictEqual(daemonSetsOn(config, g).length, placed.length, name);
            }
        });
    }

    it("refuses a production node group whose pod slots cannot hold its maximum", () => {
        const raw = managedGroupsStack("production");
        tinyServices(raw, 500);
        assert.throws(
            () => parsePlatformConfig(raw, stackContext("production")),
            (e: Error) => {
                assert.ok(
                    e.message.includes(
                        `${P}:cluster.nodeGroups.general.maxSize must give node group general the pod slots of its maximum: t3.xlarge holds at most 58 pods per node (VPC CNI: 4 ENIs x (15 IPv4 addresses - 1) + 2), so 10 nodes hold 580, but 6 DaemonSet pods per node and 550 pods at maximum replicas (inventory 500 x, order 20 x, shipping 10 x, payment 10 x, customer 10 x) need 610; raise maxSize or use an instance type with more ENIs, got 10`,
                    ),
                    e.message,
                );
                return true;
            },
        );
        tinyServices(raw, 460);
        assert.doesNotThrow(() => parsePlatformConfig(raw, stackContext("production")));
    });

    it("warns instead outside production", () => {
        const raw = managedGroupsStack("staging");
        tinyServices(raw, 80);
        assert.deepStrictEqual(configWarnings(parsePlatformConfig(raw, stackContext("staging"))), [
            `${P}:cluster.nodeGroups.general.maxSize must give node group general the pod slots of its maximum: t3.medium holds at most 17 pods per node (VPC CNI: 3 ENIs x (6 IPv4 addresses - 1) + 2), so 6 nodes hold 102, but 6 DaemonSet pods per node and 88 pods at maximum replicas (inventory 80 x, order 2 x, shipping 2 x, payment 2 x, customer 2 x) need 124; raise maxSize or use an instance type with more ENIs (a warning outside production), got 6`,
        ]);
    });
});
