import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { SECRET_SIG, SECRET_SIG_KEY } from "../../../tools/offline/secrets";
import {
    readStackOutputs,
    referencedStack,
    stackReferenceState,
} from "../../../tools/offline/stack-references";

describe("stack references offline", () => {
    it("takes a preview JSON's outputs, the [secret] ones as the secret outputs (sorted)", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "refs-")), "p.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                stack: "staging",
                resources: [],
                outputs: { zeta: "[secret]", clusterName: "c", kubeconfig: "[secret]" },
            }),
        );
        assert.deepStrictEqual(readStackOutputs(file), {
            stack: "staging",
            outputs: { zeta: "[secret]", clusterName: "c", kubeconfig: "[secret]" },
            secretOutputNames: ["kubeconfig", "zeta"],
        });
    });

    it("answers a reference as the engine does: outputs with the secret ones wrapped as secrets, and their names", () => {
        const state = stackReferenceState("organization/supply-chain-platform/staging", {
            stack: "staging",
            outputs: { clusterName: "c", kubeconfig: "{...}" },
            secretOutputNames: ["kubeconfig"],
        });
        assert.deepStrictEqual(state, {
            name: "organization/supply-chain-platform/staging",
            outputs: {
                clusterName: "c",
                kubeconfig: { [SECRET_SIG_KEY]: SECRET_SIG, value: "{...}" },
            },
            secretOutputNames: ["kubeconfig"],
        });
    });

    it("names the stack of a reference in each of its forms", () => {
        assert.deepStrictEqual(
            ["org/project/staging", "project/staging", "staging"].map(referencedStack),
            ["staging", "staging", "staging"],
        );
    });

    it("fails naming the file and what it expects for a document that is not a preview", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "refs-")), "p.json");
        fs.writeFileSync(file, JSON.stringify({ results: [] }));
        assert.throws(() => readStackOutputs(file), {
            message: `--stack-outputs ${file}: expected a preview:offline --format json document with "stack" and "outputs", got keys ["results"]`,
        });
    });
});
