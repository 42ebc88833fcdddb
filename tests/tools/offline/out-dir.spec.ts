/**
 * `--out DIR` never deletes or overwrites what the tool did not write.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { MARKER, OutDirError, writeOwnedFiles } from "../../../tools/offline/out-dir";

describe("preview output folder", () => {
    let dir: string;
    beforeEach(() => {
        dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "out-dir-")), "production");
    });
    const list = () => fs.readdirSync(dir).sort();

    it("writes the files and a marker naming them into a new folder", () => {
        const written = writeOwnedFiles(
            dir,
            new Map([
                ["b.yaml", "b"],
                ["a.yaml", "a"],
            ]),
        );
        assert.deepStrictEqual(written, ["a.yaml", "b.yaml"]);
        assert.deepStrictEqual(list(), [MARKER, "a.yaml", "b.yaml"]);
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8")), {
            files: ["a.yaml", "b.yaml"],
        });
    });

    it("replaces only its own files on the next run and keeps files others put there", () => {
        writeOwnedFiles(
            dir,
            new Map([
                ["old.yaml", "1"],
                ["kept.yaml", "1"],
            ]),
        );
        fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
        writeOwnedFiles(dir, new Map([["kept.yaml", "2"]]));
        assert.deepStrictEqual(list(), [MARKER, "kept.yaml", "notes.txt"]);
        assert.strictEqual(fs.readFileSync(path.join(dir, "kept.yaml"), "utf8"), "2");
        assert.strictEqual(fs.readFileSync(path.join(dir, "notes.txt"), "utf8"), "mine");
    });

    it("refuses a non-empty folder it did not write, touching nothing", () => {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "thesis.tex"), "years of work");
        assert.throws(
            () => writeOwnedFiles(dir, new Map([["a.yaml", "a"]])),
            (e: Error) =>
                e instanceof OutDirError &&
                e.message ===
                    `${dir} is not empty and was not written by this tool (no ${MARKER}); empty it or choose another --out`,
        );
        assert.deepStrictEqual(list(), ["thesis.tex"]);
    });

    it("refuses to overwrite a file it did not write, even in its own folder", () => {
        writeOwnedFiles(dir, new Map([["a.yaml", "a"]]));
        fs.writeFileSync(path.join(dir, "b.yaml"), "hand-written");
        assert.throws(
            () => writeOwnedFiles(dir, new Map([["b.yaml", "generated"]])),
            (e: Error) =>
                e instanceof OutDirError &&
                e.message ===
                    `${dir} holds b.yaml, which this tool did not write; move them or choose another --out`,
        );
        assert.strictEqual(fs.readFileSync(path.join(dir, "b.yaml"), "utf8"), "hand-written");
        assert.deepStrictEqual(list(), [MARKER, "a.yaml", "b.yaml"]);
    });

    it("never follows marker entries out of the folder", () => {
        const outside = path.join(path.dirname(dir), "precious.yaml");
        fs.writeFileSync(outside, "keep");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(
            path.join(dir, MARKER),
            JSON.stringify({ files: ["../precious.yaml", "/etc/hosts"] }),
        );
        writeOwnedFiles(dir, new Map([["a.yaml", "a"]]));
        assert.strictEqual(fs.readFileSync(outside, "utf8"), "keep");
        assert.deepStrictEqual(list(), [MARKER, "a.yaml"]);
    });
});
