/**
 * The repository root, found from this module's location whether it runs from source (ts-node, the
 * tests) or precompiled from `build/<stamp>/` (the offline tools): the nearest folder upwards that
 * holds `Pulumi.yaml`. In the packed checker (`packages/policy-check`) it is the package's `dist/`,
 * which mirrors the tree and holds the pack's `policies/package.json` and `policies/config/` but no
 * `Pulumi.yaml` (`build/<stamp>/` never holds `policies/config/`, see tools/launch.js).
 */
import * as fs from "fs";
import * as path from "path";

function findRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (
            fs.existsSync(path.join(dir, "Pulumi.yaml")) ||
            fs.existsSync(path.join(dir, "policies", "config", "production.json"))
        ) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml above ${start}`);
        }
    }
}

/** Absolute path of the repository root. */
export const ROOT = findRoot(__dirname);
