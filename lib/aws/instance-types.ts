/**
 * vCPU, memory and GPU count of the EC2 instance types node groups and NodePools may use. Maintained by hand; add a
 * row (from the source below) when a stack uses a new type: the config refuses types it cannot check.
 *
 * In lib/ (not in the config layer) because the components read it too: a NodePool's maximum in
 * nodes (lib/karpenter/pool-max-nodes.ts) comes from its limits and these sizes.
 *
 * Source: the instance type specifications of Amazon EC2, checked 2026-11-24:
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose),
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html (compute optimized),
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html (memory optimized),
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html (accelerated computing: NVIDIA GPUs and
 * their models: T4 on g4dn, A10G on g5, L4 on g6, V100 on p3, A100 on p4d).
 */

/**
 * Facts of one instance type. `gpus` is the number of NVIDIA GPUs (absent: none); `gpuModel` is the
 * value GPU nodes carry in Cluster Autoscaler's accelerator label (`k8s.amazonaws.com/accelerator`),
 * in the `nvidia-<model>` form of the autoscaler's AWS README (`nvidia-tesla-k80` for P2).
 */
export interface InstanceType {
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly gpus?: number;
    readonly gpuModel?: string;
}

export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = {
    "t3.medium": { vcpu: 2, memoryGiB: 4 },
    "t3.large": { vcpu: 2, memoryGiB: 8 },
    "t3.xlarge": { vcpu: 4, memoryGiB: 16 },
    "t3.2xlarge": { vcpu: 8, memoryGiB: 32 },
    "m5.large": { vcpu: 2, memoryGiB: 8 },
    "m5.xlarge": { vcpu: 4, memoryGiB: 16 },
    "m5.2xlarge": { vcpu: 8, memoryGiB: 32 },
    "m5.4xlarge": { vcpu: 16, memoryGiB: 64 },
    "m6i.large": { vcpu: 2, memoryGiB: 8 },
    "m6i.xlarge": { vcpu: 4, memoryGiB: 16 },
    "m6i.2xlarge": { vcpu: 8, memoryGiB: 32 },
    "m7i.large": { vcpu: 2, memoryGiB: 8 },
    "m7i.xlarge": { vcpu: 4, memoryGiB: 16 },
    "m7i.2xlarge": { vcpu: 8, memoryGiB: 32 },
    "c5.large": { vcpu: 2, memoryGiB: 4 },
    "c5.xlarge": { vcpu: 4, memoryGiB: 8 },
    "c5.2xlarge": { vcpu: 8, memoryGiB: 16 },
    "c5.4xlarge": { vcpu: 16, memoryGiB: 32 },
    "c6i.large": { vcpu: 2, memoryGiB: 4 },
    "c6i.xlarge": { vcpu: 4, memoryGiB: 8 },
    "c6i.2xlarge": { vcpu: 8, memoryGiB: 16 },
    "r5.large": { vcpu: 2, memoryGiB: 16 },
    "r5.xlarge": { vcpu: 4, memoryGiB: 32 },
    "r5.2xlarge": { vcpu: 8, memoryGiB: 64 },
    "g4dn.xlarge": { vcpu: 4, memoryGiB: 16, gpus: 1, gpuModel: "nvidia-tesla-t4" },
    "g4dn.2xlarge": { vcpu: 8, memoryGiB: 32, gpus: 1, gpuModel: "nvidia-tesla-t4" },
    "g4dn.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 1, gpuModel: "nvidia-tesla-t4" },
    "g4dn.12xlarge": { vcpu: 48, memoryGiB: 192, gpus: 4, gpuModel: "nvidia-tesla-t4" },
    "g5.xlarge": { vcpu: 4, memoryGiB: 16, gpus: 1, gpuModel: "nvidia-a10g" },
    "g5.2xlarge": { vcpu: 8, memoryGiB: 32, gpus: 1, gpuModel: "nvidia-a10g" },
    "g5.4xlarge": { vcpu: 16, memoryGiB: 64, gpus: 1, gpuModel: "nvidia-a10g" },
    "g5.12xlarge": { vcpu: 48, memoryGiB: 192, gpus: 4, gpuModel: "nvidia-a10g" },
    "g5.48xlarge": { vcpu: 192, memoryGiB: 768, gpus: 8, gpuModel: "nvidia-a10g" },
    "g6.xlarge": { vcpu: 4, memoryGiB: 16, gpus: 1, gpuModel: "nvidia-l4" },
    "g6.2xlarge": { vcpu: 8, memoryGiB: 32, gpus: 1, gpuModel: "nvidia-l4" },
    "g6.12xlarge": { vcpu: 48, memoryGiB: 192, gpus: 4, gpuModel: "nvidia-l4" },
    "p3.2xlarge": { vcpu: 8, memoryGiB: 61, gpus: 1, gpuModel: "nvidia-tesla-v100" },
    "p3.8xlarge": { vcpu: 32, memoryGiB: 244, gpus: 4, gpuModel: "nvidia-tesla-v100" },
    "p4d.24xlarge": { vcpu: 96, memoryGiB: 1152, gpus: 8, gpuModel: "nvidia-a100" },
};
