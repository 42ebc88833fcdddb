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
    const cluster = config[`${P}:cluster`] as {
        nodeGroups: Record<"general" | "gpu", { maxSize: number; desiredSize?: number }>;
    };
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
    // Room for the generated load, so the capacity check stays quiet.
    cluster.nodeGroups.general.maxSize = Math.max(10, services * 2);
    // The GPU group starts with the nodes the models' first replicas need (one GPU each, three
    // replicas per model), as the config requires, and keeps one spare node for a rolling update.
    const gpuNodes = Math.max(3, Math.floor(services / 20) * 3);
    cluster.nodeGroups.gpu.desiredSize = gpuNodes;
    cluster.nodeGroups.gpu.maxSize = gpuNodes + 1;
    fs.writeFileSync(file, stringify(stack));
}
