/**
 * docs/graphs.md shows each stack's component graph exactly as `preview:offline --graph mermaid`
 * prints it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ROOT, runTool } from "./cli";

describe("docs/graphs.md", function () {
    this.timeout(60_000);
    const doc = fs.readFileSync(path.join(ROOT, "docs", "graphs.md"), "utf8");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "graph-"));

    for (const stack of ["staging", "production"]) {
        it(`shows the ${stack} component graph the tool prints`, () => {
            const heading = `## ${stack[0].toUpperCase()}${stack.slice(1)}\n\n\`\`\`mermaid\n`;
            const at = doc.indexOf(heading);
            assert.ok(at >= 0, `a mermaid block under "## ${stack}"`);
            const start = at + heading.length;
            const block = doc.slice(start, doc.indexOf("```", start));
            const run = runTool("preview", ["--stack", stack, "--out", out, "--graph", "mermaid"]);
            assert.deepStrictEqual([run.status, run.stderr], [0, ""]);
            assert.strictEqual(block, run.stdout);
        });
    }
});
