/**
 * The floor: the same Kubernetes objects the program produces (read from the preview's rendered
 * manifests), registered as plain @pulumi/kubernetes resources under the same mocks, with no
 * components and no policy pack. Prints one JSON line like preview-once.ts.
 */
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseAllDocuments } from "yaml";

import { field, UnknownRecord } from "../lib/kubernetes";
import { installMocks, settle } from "../tools/offline/mocks";

async function main(): Promise<void> {
    const [dir] = process.argv.slice(2);
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
