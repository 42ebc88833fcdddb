/**
 * One measured run of the manifest checker (tools/checker/main.ts, as the `policy-check` bin and
 * `npm run policy:check` run it) on the given arguments, its output discarded. Run it through
 * tools/launch.js. Prints one JSON line: exit code, objects checked, wall time of `main` and the
 * process's peak RSS and CPU time (user + system, the whole process from its start: on a shared
 * machine the figure wall time cannot give); the parent measures the end-to-end wall time, start-up
 * included.
 */
import { main } from "../tools/checker/main";

async function run(): Promise<void> {
    const t0 = process.hrtime.bigint();
    let objects = 0;
    const code = await main(process.argv.slice(2), {
        cwd: process.cwd(),
        readStdin: async () => "",
        out: async (text) => {
            const m = /^(\d+) object\(s\) in /m.exec(text);
            objects = m ? Number(m[1]) : objects;
        },
        err: () => undefined,
    });
    const line = JSON.stringify({
        code,
        objects,
        mainMs: Number(process.hrtime.bigint() - t0) / 1e6,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    });
    process.stdout.write(`${line}\n`, () => process.exit(0));
}

run().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
});
