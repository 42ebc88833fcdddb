/**
 * The packaging specs (pack, install a tarball in an empty folder, run it: minutes each) stay out of
 * `npm test` and run in `npm run test:packages`, which CI runs right after `npm test`
 * (docs/packages.md, "Tests").
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const json = (rel: string) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), "utf8"));
const PACKAGING = ["tests/packages/**", "tests/policies/package.spec.ts"];

describe("test suites", () => {
    it("npm test's mocha run leaves the packaging specs out; test:packages runs exactly them", () => {
        assert.deepStrictEqual(json(".mocharc.json").ignore, PACKAGING);
        assert.deepStrictEqual(json(".mocharc.packages.json").spec, [
            "tests/packages/**/*.spec.ts",
            "tests/policies/package.spec.ts",
        ]);
        assert.strictEqual(
            json("package.json").scripts["test:packages"],
            "mocha --config .mocharc.packages.json",
        );
    });

    it("CI runs test:packages right after npm test", () => {
        const steps = fs
            .readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
            .split("\n")
            .filter((l) => /^npm /.test(l));
        assert.deepStrictEqual(steps.slice(0, 3), [
            "npm ci --no-audit --no-fund",
            "npm test",
            "npm run test:packages",
        ]);
    });
});
