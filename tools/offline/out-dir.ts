/**
 * The preview's output folder (`--out DIR` writes `DIR/<stack>/`) never loses a file the tool did not
 * write: a marker file in the folder lists what the last run wrote; the next run removes only those
 * files, refuses a non-empty folder that has no marker, and refuses to overwrite a file it did not
 * write.
 */
import * as fs from "fs";
import * as path from "path";

/** The marker file's name. */
export const MARKER = ".preview-offline.json";

/** The folder cannot be used without losing someone else's files (usage error, exit 2). */
export class OutDirError extends Error {}

/** Names the tool writes (one level, no path separators): anything else in a marker is ignored. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$/;

function readMarker(dir: string): string[] | undefined {
    const file = path.join(dir, MARKER);
    if (!fs.existsSync(file)) {
        return undefined;
    }
    try {
        const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { files?: unknown };
        return Array.isArray(parsed.files)
            ? parsed.files.filter((f): f is string => typeof f === "string" && SAFE_NAME.test(f))
            : [];
    } catch {
        throw new OutDirError(
            `${dir} has an unreadable ${MARKER}; remove the folder or choose another --out`,
        );
    }
}

/**
 * Writes `files` (name -> content) into `dir`, replacing what the previous run wrote there.
 *
 * @throws OutDirError when `dir` is not empty and has no marker, or a file to write exists and was
 *   not written by the tool; nothing is removed or written then.
 */
export function writeOwnedFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
    for (const name of files.keys()) {
        if (!SAFE_NAME.test(name)) {
            throw new Error(
                `refusing to write ${JSON.stringify(name)}: not a plain .yaml file name`,
            );
        }
    }
    let previous: string[] = [];
    if (fs.existsSync(dir)) {
        if (!fs.statSync(dir).isDirectory()) {
            throw new OutDirError(`${dir} exists and is not a folder; choose another --out`);
        }
        const marker = readMarker(dir);
        const present = fs.readdirSync(dir);
        if (marker === undefined && present.length > 0) {
            throw new OutDirError(
                `${dir} is not empty and was not written by this tool (no ${MARKER}); empty it or choose another --out`,
            );
        }
        previous = marker ?? [];
        const foreign = [...files.keys()].filter(
            (name) => present.includes(name) && !previous.includes(name),
        );
        if (foreign.length > 0) {
            throw new OutDirError(
                `${dir} holds ${foreign.join(", ")}, which this tool did not write; move them or choose another --out`,
            );
        }
    }
    fs.mkdirSync(dir, { recursive: true });
    for (const name of previous) {
        fs.rmSync(path.join(dir, name), { force: true });
    }
    // The marker first: a run that stops half-way still owns what it wrote.
    const names = [...files.keys()].sort();
    fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ files: names }, null, 2)}\n`);
    for (const name of names) {
        fs.writeFileSync(path.join(dir, name), files.get(name)!);
    }
    return names;
}
