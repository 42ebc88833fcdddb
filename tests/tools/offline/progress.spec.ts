/**
 * Progress on stderr (tools/offline/progress.ts): only on a terminal and without --quiet.
 */
import * as assert from "assert";

import { startProgress } from "../../../tools/offline/progress";

const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { isTTY, writes, write: (s: string) => writes.push(s) > 0 };
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startProgress", () => {
    it("writes nothing when stderr is not a terminal, even while the timer would redraw", async () => {
        const s = stream(false);
        const p = startProgress(s, { count: () => 7, intervalMs: 1 });
        p.phase("config");
        p.phase("evaluate");
        await wait(10);
        p.done();
        assert.deepStrictEqual(s.writes, []);
    });

    it("writes nothing on a terminal with --quiet", async () => {
        const s = stream(true);
        const p = startProgress(s, { quiet: true, count: () => 7, intervalMs: 1 });
        p.phase("evaluate");
        await wait(10);
        p.done();
        assert.deepStrictEqual(s.writes, []);
    });

    it("shows the phase, the resources registered and the time on one line, erased when done", () => {
        const s = stream(true);
        let clock = 1_000;
        let count = 0;
        const p = startProgress(s, { count: () => count, now: () => clock, intervalMs: 60_000 });
        p.phase("config");
        clock += 250;
        count = 42;
        p.phase("evaluate");
        clock += 1_000;
        p.phase("policy");
        p.done();
        p.done();
        assert.deepStrictEqual(s.writes, [
            "\r\u001b[K[1/5] config  0.0s",
            "\r\u001b[K[2/5] evaluate: 42 resources registered  0.3s",
            "\r\u001b[K[5/5] policy: 42 resources registered  1.3s",
            "\r\u001b[K",
        ]);
    });
});
