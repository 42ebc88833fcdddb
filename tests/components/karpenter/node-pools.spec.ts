import * as assert from "assert";

import { buildEc2NodeClass, buildNodePool, NodePoolSpec } from "../../../components/karpenter";
import { SchemaValidator } from "../../../tools/offline/schemas";

const ml: NodePoolSpec = {
    capacityTypes: ["spot"],
    instanceTypes: ["c5.xlarge", "c6i.xlarge"],
    labels: { workload: "ml-processing" },
    taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
    limits: { cpu: "16", memory: "32Gi" },
    diskSizeGiB: 100,
    gpu: false,
    disruption: {
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "5m",
        budgets: [
            { nodes: "1" },
            {
                nodes: "0",
                reasons: ["Underutilized"],
                schedule: "0 8 * * mon-fri",
                duration: "10h",
            },
        ],
    },
    expireAfter: "720h",
};
const context = {
    clusterName: "supply-chain-staging",
    nodeRoleName: "nodes-node-role-abc",
    amiAlias: "al2023@latest",
    tags: { environment: "staging" },
};

describe("Karpenter NodePool and EC2NodeClass builders", () => {
    it("selects the cluster's private subnets and security group by tags, IMDSv2 with hop limit 1, encrypted gp3", () => {
        assert.deepStrictEqual(buildEc2NodeClass("ml", ml, context).spec, {
            role: "nodes-node-role-abc",
            amiSelectorTerms: [{ alias: "al2023@latest" }],
            subnetSelectorTerms: [
                {
                    tags: {
                        "kubernetes.io/cluster/supply-chain-staging": "shared",
                        "kubernetes.io/role/internal-elb": "1",
                    },
                },
            ],
            securityGroupSelectorTerms: [
                { tags: { "aws:eks:cluster-name": "supply-chain-staging" } },
            ],
            metadataOptions: {
                httpEndpoint: "enabled",
                httpProtocolIPv6: "disabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: {
                        volumeSize: "100Gi",
                        volumeType: "gp3",
                        encrypted: true,
                        deleteOnTermination: true,
                    },
                },
            ],
            tags: { environment: "staging", "karpenter.sh/discovery": "supply-chain-staging" },
        });
    });

    it("launches only the pool's capacity and instance types, labelled and tainted as configured, within its limits", () => {
        assert.deepStrictEqual(buildNodePool("ml", ml).spec, {
            template: {
                metadata: { labels: { workload: "ml-processing" } },
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "ml" },
                    requirements: [
                        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                        { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
                        { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] },
                        {
                            key: "node.kubernetes.io/instance-type",
                            operator: "In",
                            values: ["c5.xlarge", "c6i.xlarge"],
                        },
                    ],
                    taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
                    expireAfter: "720h",
                },
            },
            limits: { cpu: "16", memory: "32Gi" },
            disruption: {
                consolidationPolicy: "WhenEmptyOrUnderutilized",
                consolidateAfter: "5m",
                budgets: [
                    { nodes: "1" },
                    {
                        nodes: "0",
                        reasons: ["Underutilized"],
                        schedule: "0 8 * * mon-fri",
                        duration: "10h",
                    },
                ],
            },
        });
    });

    it("match the Karpenter v1 schemas (@kubernetes-models/karpenter)", async () => {
        const validator = new SchemaValidator();
        assert.deepStrictEqual(
            [
                await validator.validate(buildEc2NodeClass("ml", ml, context)),
                await validator.validate(buildNodePool("ml", ml)),
            ],
            [{ status: "valid" }, { status: "valid" }],
        );
    });

    it("a NodePool the v1 schema refuses is reported (the offline check is not a no-op)", async () => {
        const pool = buildNodePool("ml", ml);
        const broken = {
            ...pool,
            spec: {
                ...pool.spec,
                disruption: { ...pool.spec.disruption, consolidationPolicy: "Always" },
            },
        };
        const result = await new SchemaValidator().validate(broken);
        assert.strictEqual(result.status, "invalid");
        assert.match(
            (result as { message: string }).message,
            /^NodePool 'ml' does not match the karpenter.sh\/v1\/NodePool schema: .*consolidationPolicy.*must be equal to one of the allowed values/,
        );
    });
});
