/**
 * The public API endpoint's allow-list as EKS and the Internet see it: the whole Internet is refused in
 * any spelling, blocks must be Internet address space and narrow, at most 40 of them, and a list
 * given while the public endpoint is off is refused rather than ignored. Checked against an
 * independent model over generated lists.
 */
import * as assert from "assert";
import fc from "fast-check";

import { ConfigError, parsePlatformConfig } from "../../config";
import { publicAccessIssues } from "../../schemas/network";
import { configCases, rawStack, stackContext } from "../helpers/config";
import { at } from "../helpers/edit";

const P = "supply-chain-platform";
const WHOLE =
    "must not admit the whole Internet (these blocks together cover 0.0.0.0/0): list the office, VPN and runner ranges that call the API, or turn publicAccess off";

describe("public endpoint CIDRs", () => {
    configCases([
        {
            name: "two halves of the Internet",
            mutate: (c) =>
                (at(c, "cluster", "endpoint").publicAccessCidrs = ["128.0.0.0/1", "0.0.0.0/1"]),
            message: `${P}:cluster.endpoint.publicAccessCidrs ${WHOLE}, got ["128.0.0.0/1","0.0.0.0/1"]`,
        },
        {
            name: "a block wider than /8",
            mutate: (c) => (at(c, "cluster", "endpoint").publicAccessCidrs = ["52.0.0.0/7"]),
            message: `${P}:cluster.endpoint.publicAccessCidrs[0] must be a /8 or narrower block (a wider one opens the API to a large part of the Internet): list the office, VPN and runner ranges that call it, got "52.0.0.0/7"`,
        },
        {
            name: "a VPC range on the public endpoint",
            mutate: (c) =>
                (at(c, "cluster", "endpoint").publicAccessCidrs = [
                    "203.0.113.0/24",
                    "172.0.0.0/8",
                ]),
            message: `${P}:cluster.endpoint.publicAccessCidrs[1] must be Internet address space, not overlap 172.16.0.0/12 (the public endpoint never sees such a source, and EKS refuses reserved addresses; VPC ranges belong in privateAccessCidrs), got "172.0.0.0/8"`,
        },
        {
            name: "a list while the public endpoint is off",
            mutate: (c) => (at(c, "cluster", "endpoint").publicAccess = false),
            message: `${P}:cluster.endpoint.publicAccessCidrs must be empty while publicAccess is false (EKS ignores the list when the public endpoint is off, so nothing it names could reach the API), got ["203.0.113.0/24","198.51.100.0/24"]`,
        },
    ]);

    it("refuses more than 40 blocks", () => {
        const raw = rawStack("staging");
        at(raw, "cluster", "endpoint").publicAccessCidrs = Array.from(
            { length: 41 },
            (_, i) => `52.0.${i}.0/24`,
        );
        assert.throws(
            () => parsePlatformConfig(raw, stackContext("staging")),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.startsWith(
                    `${P}:cluster.endpoint.publicAccessCidrs must list at most 40 blocks (the EKS limit), got [`,
                ),
        );
    });

    // An independent model: ranges as [start, end) numbers; coverage by splitting the address space.
    const span = (c: string): [number, number] => {
        const [ip, bits] = c.split("/");
        const start = ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
        return [start, start + 2 ** (32 - Number(bits))];
    };
    const covers = (blocks: [number, number][], s: number, e: number): boolean =>
        blocks.some(([a, b]) => a <= s && e <= b) ||
        (e - s > 1 &&
            blocks.some(([a, b]) => a < e && s < b) &&
            covers(blocks, s, (s + e) / 2) &&
            covers(blocks, (s + e) / 2, e));
    const NOT_INTERNET = [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
    ].map(span);
    const cidr = fc
        .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
        .map(([n, p]) => {
            const size = 2 ** (32 - p);
            const base = n - (n % size);
            return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${p}`;
        });

    it("agrees with the model on generated lists", () => {
        fc.assert(
            fc.property(fc.array(cidr, { maxLength: 6 }), (cidrs) => {
                const blocks = cidrs.map(span);
                const whole = cidrs.length > 0 && covers(blocks, 0, 2 ** 32);
                const expected = whole
                    ? [undefined]
                    : cidrs.flatMap((c, i) => {
                          const [s, e] = span(c);
                          const wide = e - s > 2 ** 24;
                          const reserved = NOT_INTERNET.some(([a, b]) => a < e && s < b);
                          return wide || reserved ? [i] : [];
                      });
                assert.deepStrictEqual(
                    publicAccessIssues(cidrs).map(([i]) => i),
                    expected,
                    JSON.stringify(cidrs),
                );
            }),
            { numRuns: 2000 },
        );
    });
});
