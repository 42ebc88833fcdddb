/**
 * One measured run of the offline preview as `npm run preview:offline` runs it (program under mocks
 * with the offline cost cuts, render + schema validation, the policy pack by the given route). Run it
 * through tools/launch.js. Prints one JSON line: resources, phase timings, wall time and peak RSS.
 *
 * After the measurement it writes `<out>/floor-resources.json`: every resource the program registers
 * that a provider creates other than Kubernetes objects (AWS, random, tls resources and the remote
 * EKS components; the floor reads the Kubernetes objects from the rendered manifests), with its type,
 * name and inputs, for floor-once.ts.
 */
import * as fs from "fs";
import * as path from "path";

import { readPackConfig } from "../tools/offline/pack-config";
import { parseRoute } from "../tools/offline/pack";
import { runPreview } from "../tools/offline/preview";
import { ROOT } from "../tools/offline/root";
import { loadStackConfig } from "../tools/offline/stack-config";

async function main(): Promise<void> {
    const [file, out, route = "inprocess"] = process.argv.slice(2);
    const t0 = process.hrtime.bigint();
    const { result, details } = await runPreview({
        root: ROOT,
        stack: loadStackConfig(ROOT, "production", file, { sizeLimit: false }),
        outDir: out,
        policyConfig: readPackConfig(path.join(ROOT, "policies", "config", "production.json")),
        route: parseRoute(route),
        fast: true,
    });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const floorResources = result.resources
        .filter(
            (r) =>
                r.provider !== null && // components and providers have none
                !r.type.startsWith("kubernetes:"),
        )
        .map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
    fs.writeFileSync(path.join(out, "floor-resources.json"), JSON.stringify(floorResources));
    const line = JSON.stringify({
        resources: result.summary.resources,
        mandatory: result.summary.mandatory,
        schemaErrors: result.schemaErrors.length,
        wallMs,
        ...details.timings,
        packStartMs: details.pack.startMs,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
    process.stdout.write(`${line}\n`, () => process.exit(0));
}

main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
});
