/**
 * The fast reader returns exactly what `readManifests` (the `yaml`-only reader) returns, and the
 * checker's findings, with their line and column, are the same by either reader: on the shared
 * corpus, the repository's fixtures and generated multi-document files.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { stringify } from "yaml";

import { readManifestsFast } from "../../../tools/checker/read";
import { runCheck } from "../../../tools/checker/run";
import { expandInputs, readManifests } from "../../../tools/offline/check";
import { PackSession, startPolicyPack } from "../../../tools/offline/pack";
import { ROOT } from "../../../tools/offline/root";

/** The upstream corpus conformance uses; CI has it next to the checkout. */
const CORPUS = process.env.PLATFORM_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "manifests");

type Read = ReturnType<typeof readManifests>;

/**
 * Asserts both readers agree. One difference is allowed: where a document ends. The fast reader
 * ends it at the next `---` line (or the end of the file), `yaml` sometimes earlier (after its
 * last node when that is empty); only blanks and comments may lie between, which the locator
 * (which composes the document again from that slice) skips either way.
 */
function assertSameRead(fast: Read, slow: Read): void {
    const ends = (r: Read) => r.objects.map((o) => o.range[1]);
    const fastEnds = ends(fast);
    ends(slow).forEach((end, i) => {
        const text = fast.texts.get(fast.objects[i].file) ?? "";
        const between = text.slice(end, fastEnds[i]);
        assert.ok(fastEnds[i] >= end, `${fast.objects[i].file}: ends ${fastEnds[i]} < ${end}`);
        assert.match(between, /^(?:\s|#[^\n]*)*$/, JSON.stringify(between));
    });
    const startsOnly = (r: Read) => ({
        ...r,
        objects: r.objects.map((o) => ({ ...o, range: o.range[0] })),
    });
    assert.deepStrictEqual(startsOnly(fast), startsOnly(slow));
}

/** Inputs for `runCheck` from in-memory files. */
function inputsOf(texts: ReadonlyMap<string, string>) {
    return {
        files: [...texts.keys()],
        errors: [],
        absolute: new Map<string, string>(),
        load: (f: string) => {
            const t = texts.get(f);
            if (t === undefined) {
                throw Object.assign(new Error(f), { code: "ENOENT" });
            }
            return t;
        },
    };
}

const NAMES = ["api", "web", "db", "yes", "on", "0o17", "1e3", "null-ish", "a b"];

/** A Kubernetes-like object with generated fields and tricky scalars. */
const object = fc.record({
    apiVersion: fc.constantFrom("v1", "apps/v1", "policy/v1"),
    kind: fc.constantFrom("ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "Pod"),
    metadata: fc.record({
        name: fc.constantFrom(...NAMES),
        namespace: fc.constantFrom("shop", "default", "kube-system"),
        labels: fc.dictionary(fc.constantFrom("app", "tier", "on", "1"), fc.constantFrom(...NAMES)),
    }),
    spec: fc.dictionary(
        fc.constantFrom("replicas", "selector", "template", "ports", "minAvailable", "data"),
        fc.oneof(
            fc.integer({ min: -2, max: 5 }),
            fc.constantFrom("three", "yes", "0x10", "2001-12-14", "", "~"),
            fc.array(fc.record({ containerPort: fc.integer({ min: 0, max: 9000 }) }), {
                maxLength: 2,
            }),
        ),
    ),
});

/** One document's text: an object, a List of them, or a document the readers must agree on. */
const document = fc.oneof(
    { weight: 6, arbitrary: object.map((o) => stringify(o)) },
    {
        weight: 1,
        arbitrary: fc
            .array(object, { maxLength: 2 })
            .map((items) => stringify({ apiVersion: "v1", kind: "List", items })),
    },
    {
        weight: 2,
        arbitrary: fc.constantFrom(
            "",
            "# only a comment\n",
            "just a string\n",
            "- a list\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: anchored}\ndata: {copy: *m}\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tagged\ndata:\n  a: !!str 1\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup\n",
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "multi\n    line"\n',
        ),
    },
);

/** How documents are separated and surrounded. */
const separator = fc.constantFrom(
    "---\n",
    "--- # next\n",
    "\n---\n# Source: chart/x.yaml\n",
    "---\n\n",
);
const stream = fc
    .tuple(
        fc.array(fc.tuple(separator, document), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom("", "# head\n", "---\n", "\n\n"),
        fc.constantFrom("", "---\n", "...\n", "# tail\n"),
        fc.boolean(),
    )
    .map(([docs, bareFirst, head, tail, crlf]) => {
        const text =
            head + docs.map(([sep, d], i) => (i === 0 && bareFirst ? d : sep + d)).join("") + tail;
        return crlf ? text.replaceAll("\n", "\r\n") : text;
    });

describe("checker: fast reader", function () {
    this.timeout(300_000);
    let pack: PackSession;
    before(async () => {
        const config = JSON.parse(
            fs.readFileSync(path.join(ROOT, "policies/config/production.json"), "utf8"),
        );
        pack = await startPolicyPack({ route: "inprocess", config });
    });
    after(async () => pack?.stop());

    it("reads the repository's fixtures and the shared corpus as readManifests does", function () {
        const files = [
            ...expandInputs([FIXTURES]).files,
            ...(fs.existsSync(CORPUS) ? expandInputs([CORPUS]).files : []),
        ];
        const fast = readManifestsFast(files);
        assertSameRead(fast, readManifests(files));
        // Not vacuous: the fixtures alone hold 7 objects, the shared corpus (where present) many more.
        const least = fs.existsSync(CORPUS) ? 10 : 7;
        assert.ok(fast.objects.length >= least, `${fast.objects.length} objects`);
    });

    it("gives the same findings, lines and columns on the fixtures and the shared corpus", async () => {
        const texts = new Map(
            [
                ...expandInputs([FIXTURES]).files,
                ...(fs.existsSync(CORPUS) ? expandInputs([CORPUS]).files : []),
            ].map((f) => [f, fs.readFileSync(f, "utf8")] as const),
        );
        const fast = await runCheck(inputsOf(texts), pack, { skipHooks: false });
        const slow = await runCheck(inputsOf(texts), pack, {
            skipHooks: false,
            reader: readManifests,
        });
        assert.deepStrictEqual(fast, slow);
        // Not a comparison of two empty reports: the corpus and fixtures have located findings.
        const findings = fast.results.flatMap((r) => r.violations);
        assert.ok(findings.filter((v) => v.line > 1).length > 10, `${findings.length} findings`);
    });

    it("reads generated multi-document files as readManifests does", () => {
        fc.assert(
            fc.property(stream, (text) => {
                const load = () => text;
                assertSameRead(
                    readManifestsFast(["gen.yaml"], load),
                    readManifests(["gen.yaml"], load),
                );
            }),
            { numRuns: 1500 },
        );
    });

    it("gives the same findings, lines and columns on generated files", async () => {
        const samples = fc.sample(stream, { numRuns: 30 });
        for (const text of samples) {
            const texts = new Map([["gen.yaml", text]]);
            const fast = await runCheck(inputsOf(texts), pack, { skipHooks: false });
            const slow = await runCheck(inputsOf(texts), pack, {
                skipHooks: false,
                reader: readManifests,
            });
            assert.deepStrictEqual(fast, slow, text);
        }
    });
});
