/**
 * vCPU and memory of the EC2 instance types node groups use. Maintained by hand; add a row when a stack
 * uses a new type (the capacity check reports unknown types instead of guessing).
 *
 * @see https://aws.amazon.com/ec2/instance-types/
 */
export const INSTANCE_TYPES: Readonly<
    Record<string, { vcpu: number; memoryGiB: number; gpus?: number }>
> = {
    "t3.medium": { vcpu: 2, memoryGiB: 4 },
    "t3.large": { vcpu: 2, memoryGiB: 8 },
    "t3.xlarge": { vcpu: 4, memoryGiB: 16 },
    "t3.2xlarge": { vcpu: 8, memoryGiB: 32 },
    "m5.large": { vcpu: 2, memoryGiB: 8 },
    "m5.xlarge": { vcpu: 4, memoryGiB: 16 },
    "m5.2xlarge": { vcpu: 8, memoryGiB: 32 },
    "m6i.large": { vcpu: 2, memoryGiB: 8 },
    "m6i.xlarge": { vcpu: 4, memoryGiB: 16 },
    "c5.large": { vcpu: 2, memoryGiB: 4 },
    "c5.xlarge": { vcpu: 4, memoryGiB: 8 },
    "c5.2xlarge": { vcpu: 8, memoryGiB: 16 },
    "c5.4xlarge": { vcpu: 16, memoryGiB: 32 },
    "r5.large": { vcpu: 2, memoryGiB: 16 },
    "r5.xlarge": { vcpu: 4, memoryGiB: 32 },
    "g4dn.xlarge": { vcpu: 4, memoryGiB: 16, gpus: 1 },
    "g4dn.2xlarge": { vcpu: 8, memoryGiB: 32, gpus: 1 },
    "g5.xlarge": { vcpu: 4, memoryGiB: 16, gpus: 1 },
    "g5.2xlarge": { vcpu: 8, memoryGiB: 32, gpus: 1 },
};
