/**
 * Runs a Helm post-renderer the way Helm does: the command with its arguments, the rendered stream
 * on stdin (helm/helm `pkg/action/action.go`, `renderResources`).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";

import { PostRenderer } from "../../components/addons";

/** Runs `renderer` on `stream` with this test's own node (the command is `node` from PATH). */
export function runPostRenderer(renderer: PostRenderer, stream: string): string {
    assert.strictEqual(renderer.command, "node");
    const r = spawnSync(process.execPath, [...renderer.args], { input: stream, encoding: "utf8" });
    assert.strictEqual(r.status, 0, r.stderr);
    return r.stdout;
}

/** One document as Helm writes it into the stream. */
export function helmDocument(template: string, body: string): string {
    return `---\n# Source: ${template}\n${body}\n`;
}
