/**
 * Network and region facts: VPC and endpoint CIDR blocks, the stack's region and its availability
 * zones, and the Kubernetes version against the EKS release calendar (schemas/aws-facts.ts).
 */
import { z } from "zod";

import {
    EKS_CALENDAR_CHECKED,
    EKS_REGIONS,
    PRIVATE_RANGES,
    supportedEksVersions,
    VPC_PREFIX,
} from "./aws-facts";

/** The most zones the subnet plan has room for (components/cluster/spec.ts `planSubnets`). */
export const MAX_ZONES = 6;
/** The smallest VPC the subnet plan fits: six /(n+3) private and six /(n+6) public subnets, n+6 <= 28. */
export const MAX_VPC_PREFIX = 22;

function ipToInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** Network address and prefix of an IPv4 CIDR block (already syntax-checked). */
export function parseCidr(cidr: string): { base: number; prefix: number; network: string } {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const size = 2 ** (32 - prefix);
    const base = ipToInt(ip);
    return { base, prefix, network: `${intToIp(base - (base % size))}/${prefix}` };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
    const a = parseCidr(inner);
    const b = parseCidr(outer);
    const bSize = 2 ** (32 - b.prefix);
    const bStart = b.base - (b.base % bSize);
    return a.prefix >= b.prefix && a.base >= bStart && a.base < bStart + bSize;
}

/** True for a syntactically valid IPv4 CIDR block (zod reports the others). */
function validCidr(cidr: string): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** An IPv4 CIDR block written as a network address (no host bits set). */
export const networkCidr = z.cidrv4().superRefine((cidr, ctx) => {
    if (!validCidr(cidr)) {
        return;
    }
    const { network } = parseCidr(cidr);
    if (network !== cidr) {
        ctx.addIssue({
            code: "custom",
            message: `must be a network address with no host bits set (did you mean ${network}?)`,
            input: cidr,
        });
    }
});

/** The VPC block: a network address, /16 to /22, inside a private range. */
export const vpcCidr = networkCidr.superRefine((cidr, ctx) => {
    if (!validCidr(cidr) || parseCidr(cidr).network !== cidr) {
        return;
    }
    const { prefix } = parseCidr(cidr);
    if (prefix < VPC_PREFIX.min || prefix > MAX_VPC_PREFIX) {
        ctx.addIssue({
            code: "custom",
            message: `must be a /${VPC_PREFIX.min} to /${MAX_VPC_PREFIX} block (AWS allows /${VPC_PREFIX.min} to /${VPC_PREFIX.max} for a VPC; the subnet plan carves ${MAX_ZONES} private and ${MAX_ZONES} public subnets, the public ones 6 bits longer than the VPC, so at most /${MAX_VPC_PREFIX})`,
            input: cidr,
        });
    } else if (!PRIVATE_RANGES.some((range) => cidrWithin(cidr, range))) {
        ctx.addIssue({
            code: "custom",
            message: `must lie in a private range (${PRIVATE_RANGES.join(", ")})`,
            input: cidr,
        });
    }
});

/** What the region checks need from the config. */
interface RegionFacts {
    readonly cluster: {
        readonly kubernetesVersion: string;
        readonly vpc: { readonly availabilityZones?: readonly string[] };
    };
}

/**
 * Checks the stack's region (`aws:region`) and the zones in it, and the Kubernetes version against the
 * EKS calendar on `day` (ISO date).
 */
export function checkRegionAndVersion(
    c: RegionFacts,
    region: string | undefined,
    day: string,
    ctx: z.RefinementCtx,
): void {
    if (region === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["aws:region"],
            message:
                "must be set in the stack file (pulumi config set aws:region <region>) or in AWS_REGION",
            input: undefined,
        });
    } else if (!EKS_REGIONS.includes(region)) {
        ctx.addIssue({
            code: "custom",
            path: ["aws:region"],
            message:
                "must be an AWS region where EKS runs, like us-west-2 or eu-west-1 (the list and its source are in schemas/aws-facts.ts)",
            input: region,
        });
    } else {
        (c.cluster.vpc.availabilityZones ?? []).forEach((zone, i) => {
            if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["cluster", "vpc", "availabilityZones", i],
                    message: `must be a zone of the stack's region ${region} (aws:region), like ${region}a`,
                    input: zone,
                });
            }
        });
    }
    const supported = supportedEksVersions(day);
    // A malformed version is refused by the cluster schema's own rule.
    if (
        /^1\.\d{2}$/.test(c.cluster.kubernetesVersion) &&
        !supported.includes(c.cluster.kubernetesVersion)
    ) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "kubernetesVersion"],
            message: `must be a version EKS supports on ${day} (${supported.join(", ")}; release calendar in schemas/aws-facts.ts, checked ${EKS_CALENDAR_CHECKED})`,
            input: c.cluster.kubernetesVersion,
        });
    }
}
