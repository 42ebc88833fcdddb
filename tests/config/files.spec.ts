/**
 * Odd stack files: empty, a list or a scalar where a map belongs, YAML numbers where strings are meant,
 * `secure:` values where none is taken. Read the way the offline tools read them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ConfigError, parsePlatformConfig, rawProjectConfig } from "../../config";
import { loadStackConfig, StackConfigFileError } from "../../tools/offline/stack-config";
import { ROOT, TEST_DAY } from "../helpers/config";

const P = "supply-chain-platform";
const SHAPE = `a stack file is a YAML map with a config: map inside, e.g.\n  config:\n    aws:region: us-west-2\n    <project>:environment: staging`;

describe("config refuses: odd stack files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };
    const load = (file: string) => loadStackConfig(ROOT, "staging", file);
    const parse = (file: string) => {
        const s = load(file);
        return parsePlatformConfig(rawProjectConfig(s.config), {
            region: s.config["aws:region"] ?? null,
            secretKeys: s.secretKeys,
            today: TEST_DAY,
        });
    };
    const staging = () => fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");

    for (const [name, text, what] of [
        ["an empty file", "", "is empty"],
        ["a file of comments only", "# nothing yet\n", "is empty"],
        ["a list", "- a\n- b\n", "is a list, not a map"],
        ["a scalar", "hello\n", "is a string, not a map"],
    ]) {
        it(`fails: ${name}, saying what the file should look like`, () => {
            const file = write("Pulumi.odd.yaml", text);
            assert.throws(() => load(file), {
                name: "Error",
                message: `${file} ${what}; ${SHAPE}`,
            });
            assert.throws(() => load(file), StackConfigFileError);
        });
    }

    for (const [name, config, what] of [
        ["config: as a list", "config:\n  - a\n", "a list"],
        ["config: as a scalar", "config: staging\n", "a string"],
    ]) {
        it(`fails: ${name}`, () => {
            const file = write("Pulumi.odd.yaml", config);
            assert.throws(() => load(file), {
                message: `${file}: config is ${what}, not a map of keys to values; ${SHAPE}`,
            });
        });
    }

    it("fails: config: with no project keys", () => {
        const file = write("Pulumi.odd.yaml", "config:\n  aws:region: us-west-2\n");
        assert.throws(() => parse(file), {
            message: `the stack sets no ${P}:* keys: its file needs a config: map with at least ${P}:environment and ${P}:cluster (start from a copy of Pulumi.staging.yaml)`,
        });
    });

    it("fails: a Kubernetes version YAML reads as the number 1.3", () => {
        const file = write(
            "Pulumi.odd.yaml",
            staging().replace('kubernetesVersion: "1.35"', "kubernetesVersion: 1.30"),
        );
        assert.throws(() => parse(file), {
            message: `${P}:cluster.kubernetesVersion must be a string: YAML reads an unquoted number as a number (1.30 becomes 1.3); quote it in the stack file, got 1.3`,
        });
    });

    it("fails: a list where the mlWorkloads map belongs", () => {
        const file = write(
            "Pulumi.odd.yaml",
            `${staging().split(`  ${P}:mlWorkloads:`)[0]}  ${P}:mlWorkloads: [ml-prediction]\n`,
        );
        assert.throws(() => parse(file), {
            message: `${P}:mlWorkloads must be a map of keys to values (key: value lines under it), not a list, got ["ml-prediction"]`,
        });
    });

    it("fails: a secure: value nested in a key, without printing the ciphertext", () => {
        const file = write(
            "Pulumi.odd.yaml",
            staging().replace(
                "        LOG_LEVEL: DEBUG\n",
                "        LOG_LEVEL: DEBUG\n        DB_PASSWORD:\n          secure: v1:AAAAciphertext==\n",
            ),
        );
        assert.deepStrictEqual(load(file).secretKeys, [`${P}:services`]);
        assert.throws(
            () => parse(file),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.strictEqual(
                    e.message,
                    `${P}:services must not hold an encrypted secure: value (no key of this project takes one; application secrets belong in AWS Secrets Manager, referenced from services.<name>.secrets), got a secure value (not shown)`,
                );
                return true;
            },
        );
    });
});
