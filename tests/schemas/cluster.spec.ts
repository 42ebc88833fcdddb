/**
 * Config rules that keep the cluster real: autoscaler version, VPC CNI version, endpoint access.
 */
import { at } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack } from "../helpers/config";

const P = "supply-chain-platform";

const cases: ConfigCase[] = [
    {
        name: "an autoscaler image for another Kubernetes minor",
        mutate: (c) => (at(c, "addons", "clusterAutoscaler").imageTag = "v1.32.4"),
        message: `${P}:addons.clusterAutoscaler.imageTag must be a v1.35.x release to match cluster.kubernetesVersion, got "v1.32.4"`,
    },
    {
        name: "an enabled autoscaler without a pinned chart version",
        stack: "production",
        mutate: (c) => delete at(c, "addons", "clusterAutoscaler").version,
        message: `${P}:addons.clusterAutoscaler.version must pin a chart version when the add-on is enabled, got nothing`,
    },
    {
        name: "a VPC CNI too old to enforce NetworkPolicy",
        mutate: (c) => (at(c, "cluster").managedAddons = { vpcCni: "v1.13.4-eksbuild.1" }),
        message: `${P}:cluster.managedAddons.vpcCni must be v1.14.0 or later (network policy enforcement), got "v1.13.4-eksbuild.1"`,
    },
    {
        name: "a private access range that is not a CIDR",
        mutate: (c) => (at(c, "cluster", "endpoint").privateAccessCidrs = ["10.10.0.0"]),
        message: `${P}:cluster.endpoint.privateAccessCidrs[0] must be a valid cidrv4, got "10.10.0.0"`,
    },
];

describe("cluster config rules", () => {
    configCases(cases, managedGroupsStack);
});
