/**
 * Generates a stack file with N services from the production stack: each a copy of `inventory` (a
 * Microservice with its MeshPolicy and its own ingress path), plus one MLWorkload per 20 services.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";

const P = "supply-chain-platform";

/** Writes `Pulumi.bench-<n>.yaml` content to `file` and returns it. */
export function generateStack(root: string, services: number, file: string): void {
    // Typed views of the parts of the production stack file this reads and changes (config.ts
    // validates the file itself); everything else is copied as it is.
    const stack = parse(fs.readFileSync(path.join(root, "Pulumi.production.yaml"), "utf8")) as {
        config: Record<string, unknown>;
    };
    const config = stack.config;
    const template = (
        config[`${P}:services`] as Record<string, { readonly expose?: { readonly host: string } }>
    ).inventory;
    const mlTemplate = (config[`${P}:mlWorkloads`] as Record<string, unknown>)["ml-prediction"];
    // Karpenter's NodePools (production's pools: general on 4-vCPU / 16 GiB nodes, gpu on g5.xlarge).
    const pools = (
        config[`${P}:karpenter`] as {
            nodePools: Record<string, { limits: { cpu: string; memory: string } }>;
        }
    ).nodePools;
    const generated: Record<string, unknown> = {};
    for (let i = 0; i < services; i++) {
        generated[`svc-${i}`] = {
            ...structuredClone(template),
            callers: i > 0 ? [`svc-${i - 1}`] : [],
            // Each service its own route on the gateway (one host and path per service).
            ...(template.expose
                ? { expose: { host: template.expose.host, pathPrefix: `/svc-${i}` } }
                : {}),
        };
    }
    const models: Record<string, unknown> = {};
    for (let i = 0; i < Math.floor(services / 20); i++) {
        models[`model-${i}`] = structuredClone(mlTemplate);
    }
    config[`${P}:services`] = generated;
    config[`${P}:mlWorkloads`] = models;
    config[`${P}:mesh`] = { adminServiceAccount: "admin-sa", services: {} };
    // Room for the generated load, so the capacity check stays quiet: the general pool's limits hold
    // two nodes per service, the GPU pool's a node per model replica (one GPU each, three replicas
    // per model) and one spare for a rolling update.
    const generalNodes = Math.max(12, services * 2);
    pools.general.limits = { cpu: String(generalNodes * 4), memory: `${generalNodes * 16}Gi` };
    const gpuNodes = Math.max(3, Math.floor(services / 20) * 3) + 1;
    pools.gpu.limits = { cpu: String(gpuNodes * 4), memory: `${gpuNodes * 16}Gi` };
    fs.writeFileSync(file, stringify(stack));
}
