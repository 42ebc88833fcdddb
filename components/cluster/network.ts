/**
 * The cluster VPC: public subnets (load balancers, NAT) and private subnets (nodes) in every zone.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { planSubnets } from "./spec";

/** Network settings of a {@link Cluster}; either a VPC to create or an existing one. */
export interface NetworkArgs {
    /**
     * CIDR block of the VPC to create.
     *
     * @default "10.0.0.0/16"
     */
    readonly cidrBlock: string;
    /** Availability zones to spread subnets over (at least 2) when the VPC is created. */
    readonly availabilityZones?: readonly string[];
    /**
     * NAT gateways: one per zone (survives a zone outage) or a single one (cheaper, for staging).
     *
     * @default "onePerAz"
     */
    readonly natGateways: "single" | "onePerAz";
    /** Use this existing VPC instead of creating one. */
    readonly existingVpcId?: string;
    /** Private subnets of the existing VPC; nodes run here. */
    readonly existingPrivateSubnetIds?: readonly string[];
    /** Public subnets of the existing VPC, for internet-facing load balancers. */
    readonly existingPublicSubnetIds?: readonly string[];
}

/** Ids of the network the cluster runs in. */
export interface Network {
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
}

/** Creates (or adopts) the VPC. Children are parented to `parent` and named from `name`. */
export function createNetwork(
    name: string,
    clusterName: string,
    args: NetworkArgs,
    parent: pulumi.Resource,
): Network {
    if (args.existingVpcId !== undefined) {
        return {
            vpcId: pulumi.output(args.existingVpcId),
            publicSubnetIds: pulumi.output([...(args.existingPublicSubnetIds ?? [])]),
            privateSubnetIds: pulumi.output([...(args.existingPrivateSubnetIds ?? [])]),
        };
    }
    const opts = { parent };
    const clusterTag = { [`kubernetes.io/cluster/${clusterName}`]: "shared" };
    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        {
            cidrBlock: args.cidrBlock,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: `${clusterName}-vpc`, ...clusterTag },
        },
        opts,
    );
    const igw = new aws.ec2.InternetGateway(
        `${name}-igw`,
        { vpcId: vpc.id, tags: { Name: `${clusterName}-igw` } },
        opts,
    );
    const publicRoutes = new aws.ec2.RouteTable(
        `${name}-public-rt`,
        {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
            tags: { Name: `${clusterName}-public` },
        },
        opts,
    );

    const plan = planSubnets(args.cidrBlock, args.availabilityZones ?? []);
    const publicSubnets = plan.map((p) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-public-${p.zone}`,
            {
                vpcId: vpc.id,
                availabilityZone: p.zone,
                cidrBlock: p.publicCidr,
                mapPublicIpOnLaunch: false,
                tags: {
                    Name: `${clusterName}-public-${p.zone}`,
                    "kubernetes.io/role/elb": "1",
                    ...clusterTag,
                },
            },
            opts,
        );
        new aws.ec2.RouteTableAssociation(
            `${name}-public-${p.zone}`,
            { subnetId: subnet.id, routeTableId: publicRoutes.id },
            opts,
        );
        return subnet;
    });
    const natZones = args.natGateways === "single" ? plan.slice(0, 1) : plan;
    const nats = natZones.map((p, i) => {
        const eip = new aws.ec2.Eip(
            `${name}-nat-${p.zone}`,
            { domain: "vpc", tags: { Name: `${clusterName}-nat-${p.zone}` } },
            opts,
        );
        return new aws.ec2.NatGateway(
            `${name}-nat-${p.zone}`,
            {
                allocationId: eip.id,
                subnetId: publicSubnets[i].id,
                tags: { Name: `${clusterName}-nat-${p.zone}` },
            },
            pulumi.mergeOptions(opts, { dependsOn: [igw] }),
        );
    });
    const privateSubnets = plan.map((p, i) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-private-${p.zone}`,
            {
                vpcId: vpc.id,
                availabilityZone: p.zone,
                cidrBlock: p.privateCidr,
                mapPublicIpOnLaunch: false,
                tags: {
                    Name: `${clusterName}-private-${p.zone}`,
                    "kubernetes.io/role/internal-elb": "1",
                    ...clusterTag,
                },
            },
            opts,
        );
        const routes = new aws.ec2.RouteTable(
            `${name}-private-${p.zone}`,
            {
                vpcId: vpc.id,
                routes: [
                    { cidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, nats.length - 1)].id },
                ],
                tags: { Name: `${clusterName}-private-${p.zone}` },
            },
            opts,
        );
        new aws.ec2.RouteTableAssociation(
            `${name}-private-${p.zone}`,
            { subnetId: subnet.id, routeTableId: routes.id },
            opts,
        );
        return subnet;
    });
    return {
        vpcId: vpc.id,
        publicSubnetIds: pulumi.all(publicSubnets.map((s) => s.id)),
        privateSubnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
    };
}
