/**
 * The caller's folder: `npm run policy:check` from a subfolder checks that subfolder (npm starts
 * scripts in the package root and passes the caller's folder as INIT_CWD).
 */
import * as assert from "assert";

import { callerFolder } from "../../../tools/checker/io";

describe("checker: the caller's folder", () => {
    it("is INIT_CWD for this repository's own policy:check script", () => {
        const env = {
            npm_lifecycle_event: "policy:check",
            npm_package_name: "supply-chain-platform",
            INIT_CWD: "/src/platform/deploy",
        };
        assert.strictEqual(callerFolder(env, "/src/platform"), "/src/platform/deploy");
    });

    it("is the process's folder for the bin, also inside another package's npm script", () => {
        const env = {
            npm_lifecycle_event: "lint:k8s",
            npm_package_name: "orders",
            INIT_CWD: "/src/orders/sub",
        };
        assert.strictEqual(callerFolder(env, "/src/orders"), "/src/orders");
        assert.strictEqual(callerFolder({}, "/anywhere"), "/anywhere");
    });
});
