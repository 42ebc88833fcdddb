/**
 * The floor: a plain JavaScript Pulumi program creating the same resources as ours, under the same
 * mocks, with no components, no policy pack and none of the offline cost cuts. The Kubernetes objects
 * come from the preview's rendered manifests (`<out>/<stack>/*.yaml`) and are registered as
 * @pulumi/kubernetes resources; every other resource a provider creates (AWS, random, tls, the remote
 * EKS components) comes from `<out>/floor-resources.json` (written by preview-once.ts) and is created
 * through its SDK class (`aws.rds.Instance` for `aws:rds/instance:Instance`), with the inputs ours
 * registered, as plain values (no outputs of other resources to wait for; secrets redacted).
 * Prints one JSON line like preview-once.ts.
 */
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { parseAllDocuments } from "yaml";

import { field, UnknownRecord } from "../lib/kubernetes";
import { installMocks, settle } from "../tools/offline/mocks";

/** A resource of `floor-resources.json`. */
interface FloorResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

type ResourceClass = new (name: string, args: Record<string, unknown>) => pulumi.Resource;

const PACKAGES: Record<string, unknown> = { aws, eks, random, tls };

/** The SDK class of a type token (`aws:rds/instance:Instance` -> `aws.rds.Instance`), if any. */
function classOf(type: string): ResourceClass | undefined {
    const [pkg, module, name] = type.split(":");
    const root = PACKAGES[pkg] as Record<string, unknown> | undefined;
    const ns = module.split("/")[0];
    const holder = (ns === "index" ? root : root?.[ns]) as Record<string, unknown> | undefined;
    const cls = holder?.[name];
    return typeof cls === "function" ? (cls as ResourceClass) : undefined;
}

/** A custom resource of any type token (for a type without an SDK class here). */
class Generic extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: Record<string, unknown>) {
        super(type, name, inputs);
    }
}

/**
 * Creates one resource by its SDK class, else as a generic custom resource of its type. An input that
 * was another resource's output (unknown during a preview, so not recorded) can be one the class
 * requires (an SQS queue policy's `queueUrl`): the class then refuses it, and the resource is created
 * as a generic one, so the floor still registers every resource.
 */
function create(r: FloorResource): void {
    const cls = classOf(r.type);
    try {
        if (cls) {
            new cls(r.name, r.inputs);
            return;
        }
    } catch (e) {
        if (!(e instanceof Error && e.message.startsWith("Missing required property"))) {
            throw e;
        }
    }
    new Generic(r.type, r.name, r.inputs);
}

async function main(): Promise<void> {
    const [dir] = process.argv.slice(2);
    const others = JSON.parse(
        fs.readFileSync(path.join(dir, "..", "floor-resources.json"), "utf8"),
    ) as FloorResource[];
    const objects = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".yaml")) // not the preview's marker file
        .sort()
        .flatMap((f) =>
            parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map(
                (d) => d.toJS() as UnknownRecord,
            ),
        );
    const t0 = process.hrtime.bigint();
    const recorder = await installMocks({ project: "supply-chain-platform", stack: "floor" });
    await pulumi.runtime.runInPulumiStack(async () => {
        others.forEach(create);
        objects.forEach(
            (o, i) =>
                new k8s.apiextensions.CustomResource(
                    `${o.kind}-${field(o, "metadata", "namespace") ?? ""}-${field(o, "metadata", "name") ?? i}-${i}`,
                    o as never,
                ),
        );
        return {};
    });
    await settle();
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const line = JSON.stringify({
        resources: recorder.resources.length,
        wallMs,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
    process.stdout.write(`${line}\n`, () => process.exit(0));
}

main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
});
