/**
 * The repository root, found from this module's location whether it runs from source (ts-node, the
 * tests) or precompiled from `build/<stamp>/` (the offline tools): the nearest folder upwards that
 * holds `Pulumi.yaml`.
 */
import * as fs from "fs";
import * as path from "path";

function findRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml above ${start}`);
        }
    }
}

/** Absolute path of the repository root. */
export const ROOT = findRoot(__dirname);
