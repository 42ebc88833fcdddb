import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { checkProjectSdk } from "../../../tools/offline/external-project";

/** A project folder whose install holds `@pulumi/pulumi` at `version` (none when undefined). */
function project(version?: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "external-project-"));
    if (version !== undefined) {
        const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
        fs.mkdirSync(sdk, { recursive: true });
        fs.writeFileSync(
            path.join(sdk, "package.json"),
            JSON.stringify({ name: "@pulumi/pulumi", version }),
        );
    }
    return dir;
}

describe("offline preview of a project outside the repository: its SDK", () => {
    const dirs: string[] = [];
    const make = (version?: string): string => {
        const dir = project(version);
        dirs.push(dir);
        return dir;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("accepts a project that installed the preview's @pulumi/pulumi version", () => {
        assert.strictEqual(checkProjectSdk(make("3.270.0")), "3.270.0");
    });

    it("refuses another version, naming both and the fix", () => {
        const dir = make("3.200.0");
        assert.throws(() => checkProjectSdk(dir), {
            name: "ExternalProjectError",
            message: `--project ${dir}: the project installed @pulumi/pulumi 3.200.0, the offline preview runs 3.270.0; pin @pulumi/pulumi to 3.270.0 in the project's package.json`,
        });
    });

    it("refuses a project without an install", () => {
        const dir = make();
        assert.throws(() => checkProjectSdk(dir), {
            name: "ExternalProjectError",
            message: `--project ${dir}: @pulumi/pulumi is not installed for the project; run npm install (or npm ci) in it first`,
        });
    });
});
