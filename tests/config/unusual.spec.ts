/**
 * Valid unusual configs still pass: a minimal file, Unicode in values, hundreds of services. Checks
 * that model what the APIs accept must not refuse what they accept.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { generateStack } from "../../bench/generate";
import { parsePlatformConfig, rawProjectConfig } from "../../config";
import { loadStackConfig } from "../../tools/offline/stack-config";
import { at, Plain } from "../helpers/edit";
import { rawStack, ROOT, stackContext } from "../helpers/config";

describe("config accepts valid unusual stacks", () => {
    it("a minimal file: environment, cluster and add-ons only", () => {
        const raw: Plain = rawStack("staging");
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
        const raw: Plain = rawStack("staging");
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

    it("three hundred services with their mesh policy and routes", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
        try {
            const file = path.join(dir, "Pulumi.many.yaml");
            generateStack(ROOT, 300, file);
            const stack = loadStackConfig(ROOT, "production", file);
            const c = parsePlatformConfig(rawProjectConfig(stack.config), {
                ...stackContext("production"),
            });
            assert.strictEqual(
                Object.keys(c.services).filter((s) => s.startsWith("svc-")).length,
                300,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
