/**
 * One measured run of the offline preview as `npm run preview:offline` runs it (program under mocks
 * with the offline cost cuts, render + schema validation, the policy pack by the given route). Run it
 * through tools/launch.js. Prints one JSON line: resources, phase timings, wall time and peak RSS.
 */
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
        stack: loadStackConfig(ROOT, "production", file),
        outDir: out,
        policyConfig: readPackConfig(path.join(ROOT, "policies", "config", "production.json")),
        route: parseRoute(route),
        fast: true,
    });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
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
