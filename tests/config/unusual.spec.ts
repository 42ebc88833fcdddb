/**
 * Valid unusual configs still pass: a minimal file, Unicode in values, hundreds of services. Checks
 * that model what the APIs accept must not refuse what they accept.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";

import { parsePlatformConfig, rawProjectConfig } from "../../config";
import { loadStackConfig } from "../../tools/offline/stack-config";
import { at, Plain } from "../helpers/edit";
import { managedGroupsStack, ROOT, stackContext } from "../helpers/config";

describe("config accepts valid unusual stacks", () => {
    it("a minimal file: environment, cluster and add-ons only", () => {
        const raw: Plain = managedGroupsStack("staging");
        for (const key of Object.keys(raw)) {
            if (!["environment", "cluster", "addons"].includes(key)) {
                delete raw[key];
            }
        }
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.deepStrictEqual(
            [Object.keys(c.services), Object.keys(c.mlWorkloads), c.namespace],
            [[], [], "supply-chain"],
        );
    });

    it("Unicode, emoji and right-to-left text in plain config values", () => {
        const raw: Plain = managedGroupsStack("staging");
        const config = at(raw, "services", "order", "config");
        config.GREETING = "Grüße aus Zürich – 配送センター ✓ 🚚 שלום";
        config.LOCALE_LIST = "de-CH,ja-JP,he-IL";
        config.FEATURE_FLAGS = "checkout.v2=on;returns=off";
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.strictEqual(
            c.services.order.config.GREETING,
            "Grüße aus Zürich – 配送センター ✓ 🚚 שלום",
        );
    });

    it("three hundred services, as lean as the CLI can still hand them to the program", () => {
        // The CLI passes the whole config in one environment variable (at most 128 KiB on Linux),
        // so hundreds of services fit only with lean entries: an image and what differs.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
        try {
            const file = path.join(dir, "Pulumi.many.yaml");
            const stack = parse(
                fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8"),
            ) as {
                config: Record<string, unknown>;
            };
            const services: Record<string, unknown> = {};
            for (let i = 0; i < 300; i++) {
                services[`svc-${i}`] = {
                    image: `111122223333.dkr.ecr.us-west-2.amazonaws.com/s${i}:v1`,
                    resources: {
                        requests: { cpu: "50m", memory: "64Mi" },
                        limits: { cpu: "100m", memory: "128Mi" },
                    },
                    ...(i > 0 ? { callers: [`svc-${i - 1}`] } : {}),
                };
            }
            stack.config["supply-chain-platform:services"] = services;
            stack.config["supply-chain-platform:mlWorkloads"] = {};
            stack.config["supply-chain-platform:mesh"] = { adminServiceAccount: "admin-sa" };
            at(stack.config, "supply-chain-platform:karpenter", "nodePools", "general").limits = {
                cpu: "1000",
                memory: "4000Gi",
            };
            fs.writeFileSync(file, stringify(stack));
            const loaded = loadStackConfig(ROOT, "staging", file);
            const c = parsePlatformConfig(rawProjectConfig(loaded.config), stackContext("staging"));
            assert.strictEqual(Object.keys(c.services).length, 300);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
