import * as assert from "assert";

import { KNOWN_VPA_UPDATE_MODES, VPA_UPDATE_MODES } from "../../components/addons";
import { parsePlatformConfig } from "../../config";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack } from "../helpers/config";

const P = "supply-chain-platform";

const cases: ConfigCase[] = [
    {
        name: "a GPU node group while the NVIDIA device plugin is off",
        stack: "production",
        mutate: (c) => (at(c, "addons", "nvidiaDevicePlugin").enabled = false),
        message: `${P}:addons.nvidiaDevicePlugin.enabled must be true while node groups have GPUs (gpu): without the device plugin nvidia.com/gpu is never allocatable, got false`,
    },
    {
        name: "a VPA update mode the pinned chart's CRD does not know",
        stack: "production",
        mutate: (c) =>
            (at(c, "mlWorkloads", "ml-prediction", "vpa").updateMode = "InPlaceOrRecreate"),
        message: `${P}:mlWorkloads.ml-prediction.vpa.updateMode must be one of "Off", "Initial", "Recreate", "Auto", got "InPlaceOrRecreate"`,
    },
    {
        name: "a GPU node group too small for its workloads' GPUs at the highest replica count",
        stack: "production",
        mutate: (c) =>
            Object.assign(at(c, "cluster", "nodeGroups", "gpu"), { maxSize: 2, desiredSize: 2 }),
        message: `${P}:cluster.nodeGroups.gpu.desiredSize must start the GPU nodes the GPU workloads' first replicas need: g5.xlarge has 1 GPU per node and ml-prediction 3 x 1 GPU needs 3 (3 nodes); raise desiredSize (and maxSize) to at least 3, or lower the replicas, so the first \`pulumi up\` does not wait on Cluster Autoscaler for GPU nodes, got 2\n${P}:cluster.nodeGroups.gpu.maxSize must let node group gpu hold its workloads at maximum replicas (ml-prediction 3 x): they request 3.0 vCPU / 6.0 GiB / 3 GPU, 2 x g5.xlarge hold 6.8 vCPU / 27.2 GiB / 2 GPU; raise maxSize, use larger instance types or lower the maximum replicas, got 2`,
    },
    {
        name: "a GPU node group with an instance type of unknown GPU count",
        stack: "production",
        mutate: (c) =>
            (at(c, "cluster", "nodeGroups", "gpu").instanceTypes = ["g5.xlarge", "x9.huge"]),
        message: `${P}:cluster.nodeGroups.gpu.instanceTypes[1] must be an instance type of schemas/instance-types.ts (add a row from the EC2 instance type specifications to use another), got "x9.huge"`,
    },
    {
        name: "a VPA chart version whose CRD modes are unknown",
        mutate: (c) => {
            at(c, "addons", "verticalPodAutoscaler").version = "4.11.0";
            // The version matrix's own refusal is allowed here, leaving the CRD-mode rule alone.
            at(c, "cluster", "versionAllowances").verticalPodAutoscaler = {
                reason: "testing the VPA update-mode rule on its own",
            };
        },
        message: `${P}:addons.verticalPodAutoscaler.version has no known VPA update modes; pin one of 4.8.0 or add the chart's CRD modes to VPA_UPDATE_MODES, got "4.11.0"`,
    },
];

describe("add-on config", () => {
    configCases(cases, managedGroupsStack);

    it("offers exactly the update modes of the pinned VPA chart's CRD (4.8.0: crds/vpa-v1-crd.yaml)", () => {
        assert.deepStrictEqual(VPA_UPDATE_MODES, {
            "4.8.0": ["Off", "Initial", "Recreate", "Auto"],
        });
        assert.deepStrictEqual(
            [...KNOWN_VPA_UPDATE_MODES].sort(),
            [...new Set(Object.values(VPA_UPDATE_MODES).flat())].sort(),
        );
        for (const stack of ["staging", "production"]) {
            const c = parsePlatformConfig(managedGroupsStack(stack));
            assert.ok(VPA_UPDATE_MODES[c.addons.verticalPodAutoscaler.version!]);
        }
    });

    it("pins the device plugin in both stacks and installs it only where a node group has GPUs", () => {
        const gpuGroups = (stack: string) =>
            Object.entries(parsePlatformConfig(managedGroupsStack(stack)).cluster.nodeGroups)
                .filter(([, g]) => g.gpu)
                .map(([n]) => n);
        assert.deepStrictEqual([gpuGroups("staging"), gpuGroups("production")], [[], ["gpu"]]);
        for (const stack of ["staging", "production"]) {
            assert.deepStrictEqual(
                parsePlatformConfig(managedGroupsStack(stack)).addons.nvidiaDevicePlugin,
                {
                    enabled: true,
                    version: "0.18.2",
                    repository: "https://nvidia.github.io/k8s-device-plugin",
                },
            );
        }
    });
});
