import { resourcePolicy } from "../shared/policy";

interface Config {
    readonly databasePorts: number[];
}

const INSTANCE_TYPES = ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"];
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const OPEN: readonly unknown[] = ["0.0.0.0/0", "::/0"];

/** An ingress rule as the AWS provider's inputs hold it (values not checked yet). */
interface Rule {
    readonly fromPort?: unknown;
    readonly toPort?: unknown;
    readonly protocol?: unknown;
    readonly cidrBlocks?: readonly unknown[];
    readonly ipv6CidrBlocks?: readonly unknown[];
}

/** The database ports an ingress rule opens to the internet. */
function openDatabasePorts(rule: Rule, ports: readonly number[]): number[] {
    const cidrs = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])];
    if (!cidrs.some((c) => OPEN.includes(c))) {
        return [];
    }
    const all = rule.protocol === "-1" || rule.protocol === "all";
    const from = all ? 0 : Number(rule.fromPort ?? 0);
    const to = all ? 65535 : Number(rule.toPort ?? from);
    return ports.filter((p) => p >= from && p <= to);
}

/**
 * Databases are never reachable from the internet: no publicly accessible RDS instance, and no security
 * group rule opening a database port to 0.0.0.0/0 or ::/0.
 *
 * @severity critical
 * @link https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
 */
export const disallowPublicDatabases = resourcePolicy<Config>({
    name: "aws-disallow-public-databases",
    description:
        "RDS instances are not publicly accessible and no security group opens a database port to the internet.",
    severity: "critical",
    remediationSteps:
        "Set publiclyAccessible: false, place the database in private subnets, and admit only the clients' security group on the database port.",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
    configSchema: {
        properties: {
            databasePorts: {
                type: "array",
                items: { type: "number" },
                default: [1433, 1521, 3306, 5432, 6379, 9042, 11211, 27017],
            },
        },
    },
    types: [...INSTANCE_TYPES, SG, SG_RULE, SG_INGRESS],
    check: (props, type, name, config) => {
        if (INSTANCE_TYPES.includes(type)) {
            return props.publiclyAccessible === true
                ? [
                      `RDS instance '${name}' publiclyAccessible is true; set it to false (clients reach it inside the VPC).`,
                  ]
                : [];
        }
        const describe = (ports: number[], where: string) =>
            `Security group ${where} opens database port(s) ${ports.join(", ")} to the internet; admit the clients' security group instead.`;
        if (type === SG) {
            return ((props.ingress ?? []) as Rule[]).flatMap((rule, i) => {
                const ports = openDatabasePorts(rule, config.databasePorts);
                return ports.length > 0 ? [describe(ports, `'${name}' ingress[${i}]`)] : [];
            });
        }
        if (type === SG_RULE && props.type !== "ingress") {
            return [];
        }
        const rule: Rule =
            type === SG_INGRESS
                ? {
                      fromPort: props.fromPort,
                      toPort: props.toPort,
                      protocol: props.ipProtocol,
                      cidrBlocks: props.cidrIpv4 ? [props.cidrIpv4] : [],
                      ipv6CidrBlocks: props.cidrIpv6 ? [props.cidrIpv6] : [],
                  }
                : (props as Rule);
        const ports = openDatabasePorts(rule, config.databasePorts);
        return ports.length > 0 ? [describe(ports, `rule '${name}'`)] : [];
    },
});
