/**
 * Decodes YAML the way the Pulumi CLI does: gopkg.in/yaml.v3 (branch v3, f6f7691) unmarshalling into
 * Go `any`. The `yaml` npm library parses the text (every scalar kept as its source text, schema
 * `failsafe`), and this module applies yaml.v3's rules on top:
 *
 * - scalar resolution: `resolve()` of yaml.v3 `resolve.go` (ints in bases 0x/0o/0b/leading 0 with `_`
 *   removed, floats, `true/True/TRUE`, `null/~`, `.inf/.nan`, timestamps; `yes/no/on/off` are strings);
 * - unique keys: `decoder.mapping` of `decode.go` refuses a key given twice in one map (compared by
 *   its text), before merges are applied;
 * - merge keys `<<` (a map, an alias of a map or a list of them; explicit keys win, then earlier
 *   merged maps): `decoder.merge` of `decode.go`;
 * - the characters the reader accepts: `yaml_parser_update_buffer` of `readerc.go` (no C0 controls
 *   but tab, LF and CR, no DEL, no C1 but NEL, no U+FFFE/U+FFFF), UTF-8 or UTF-16 with a BOM.
 */
import {
    Alias,
    Document,
    isAlias,
    isMap,
    isScalar,
    isSeq,
    LineCounter,
    Node,
    parseAllDocuments,
} from "yaml";

/** A decoded value: Go ints are bigints, Go floats numbers, maps keep their keys' order. */
export type GoValue = null | boolean | bigint | number | string | GoValue[] | Map<string, GoValue>;

/** A document the CLI would refuse, with the 1-based line of the problem when known. */
export class YamlV3Error extends Error {
    constructor(
        message: string,
        readonly line?: number,
    ) {
        super(message);
    }
}

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;
const UINT_MAX = 2n ** 64n - 1n;

/** Go `strconv.ParseInt(s, 0, 64)`/`ParseUint` syntax: sign (ints only), base prefix, digits. */
function goParseInt(s: string, signed: boolean): bigint | undefined {
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (!m || (!signed && m[1] !== "")) {
        return undefined;
    }
    const body = m[2];
    const prefix = body.slice(0, 2).toLowerCase();
    const digits =
        prefix === "0x" || prefix === "0o" || prefix === "0b"
            ? `${prefix}${body.slice(2)}`
            : body.length > 1 && body[0] === "0"
              ? `0o${body.slice(1)}`
              : body;
    const v = m[1] === "-" ? -BigInt(digits) : BigInt(digits);
    if (signed ? v < INT_MIN || v > INT_MAX : v > UINT_MAX) {
        return undefined;
    }
    return v;
}

/** Go `strconv.ParseFloat(s, 64)` for the decimal forms yaml.v3 hands it; undefined when out of range. */
function goParseFloat(s: string): number | undefined {
    if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) {
        return undefined;
    }
    const f = Number(s);
    return Number.isFinite(f) ? f : undefined; // ParseFloat returns ErrRange past float64's range
}

const TWO = (n: number) => String(n).padStart(2, "0");

/**
 * A timestamp as the CLI hands it on: yaml.v3 decodes it to `time.Time`, Pulumi's `unmarshalObject`
 * (sdk/go/common/resource/config/object.go) turns that into `Time.String()`,
 * e.g. `2026-01-15 00:00:00 +0000 UTC`.
 */
function goTimestamp(s: string): string | undefined {
    const m =
        /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]{1,9}))?))?$/.exec(
            s,
        );
    if (!m) {
        return undefined;
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [h, mi, se, frac, zone] = m[4]
        ? [m[4], m[5], m[6], m[7], m[8]]
        : [m[9] ?? "0", m[10] ?? "0", m[11] ?? "0", m[12], "Z"];
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (mo < 1 || mo > 12 || d < 1 || d > days || +h > 23 || +mi > 59 || +se > 59) {
        return undefined;
    }
    const fraction = frac ? `.${frac.replace(/0+$/, "")}`.replace(/^\.$/, "") : "";
    const clock = `${TWO(+h)}:${TWO(+mi)}:${TWO(+se)}${fraction}`;
    // A zero offset reads as UTC where the machine's zone is UTC (CI); elsewhere Go names it "+0000".
    const offset = zone.replace(":", "");
    const tz = zone === "Z" || /^[+-]00:00$/.test(zone) ? "+0000 UTC" : `${offset} ${offset}`;
    return `${String(y).padStart(4, "0")}-${TWO(mo)}-${TWO(d)} ${clock} ${tz}`;
}

const SPECIAL = new Map<string, GoValue>([
    ...["true", "True", "TRUE"].map((s) => [s, true] as const),
    ...["false", "False", "FALSE"].map((s) => [s, false] as const),
    ...["", "~", "null", "Null", "NULL"].map((s) => [s, null] as const),
    ...[".nan", ".NaN", ".NAN"].map((s) => [s, NaN] as const),
    ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s) => [s, Infinity] as const),
    ...["-.inf", "-.Inf", "-.INF"].map((s) => [s, -Infinity] as const),
]);

/** yaml.v3's `resolveTable`: the first character hints at what a plain scalar may be. */
function hintOf(text: string): string | undefined {
    if (text === "") {
        return "N";
    }
    const c = text[0];
    return "+-".includes(c)
        ? "S"
        : c >= "0" && c <= "9"
          ? "D"
          : "yYnNtTfFoO~".includes(c)
            ? "M"
            : c === "."
              ? "."
              : undefined;
}

/** yaml.v3 `resolve("", in)` for a plain scalar: which Go value the text becomes. */
export function resolvePlain(text: string, timestamps = true): GoValue {
    const hint = hintOf(text);
    if (hint === undefined) {
        return text;
    }
    if (SPECIAL.has(text)) {
        return SPECIAL.get(text) ?? null;
    }
    if (hint === ".") {
        const f = Number(text);
        return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) && Number.isFinite(f) ? f : text;
    }
    if (hint !== "D" && hint !== "S") {
        return text;
    }
    const time = timestamps ? goTimestamp(text) : undefined;
    if (time !== undefined) {
        return time;
    }
    const plain = text.replace(/_/g, "");
    const int = goParseInt(plain, true) ?? goParseInt(plain, false);
    if (int !== undefined) {
        return int;
    }
    return goParseFloat(plain) ?? text;
}

/** yaml.v3 `resolve(tag, in)` with an explicit tag; throws as yaml.v3 does when the text does not fit. */
function resolveTagged(tag: string, text: string, line: number): GoValue {
    const short = tag.replace(/^tag:yaml\.org,2002:/, "!!");
    if (
        !["!!str", "!!bool", "!!int", "!!float", "!!null", "!!timestamp", "!!binary"].includes(
            short,
        )
    ) {
        return text; // a tag yaml.v3 does not resolve keeps the text (an unknown `!foo`, or `!`)
    }
    if (short === "!!str") {
        return text;
    }
    if (short === "!!binary") {
        const clean = text.replace(/\s/g, "");
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
            throw new YamlV3Error("!!binary value contains invalid base64 data", line);
        }
        return Buffer.from(clean, "base64").toString("utf8");
    }
    const stamp = short === "!!timestamp" ? goTimestamp(text) : undefined;
    const value = stamp ?? resolvePlain(text, false);
    const got =
        value === null
            ? "!!null"
            : typeof value === "boolean"
              ? "!!bool"
              : typeof value === "bigint"
                ? "!!int"
                : typeof value === "number"
                  ? "!!float"
                  : stamp !== undefined
                    ? "!!timestamp"
                    : "!!str";
    if (got === short) {
        return value;
    }
    if (short === "!!float" && got === "!!int") {
        return Number(value);
    }
    throw new YamlV3Error(`cannot decode ${got} \`${text}\` as a ${short}`, line);
}

/** Go `fmt.Sprint` of a decoded key, as Pulumi turns a non-string map key into a string. */
function keyText(v: GoValue): string {
    if (v === null) {
        return "<nil>";
    }
    if (v instanceof Map || Array.isArray(v)) {
        throw new Error("a map or list cannot be a key");
    }
    return typeof v === "number"
        ? Number.isNaN(v)
            ? "NaN"
            : v === Infinity
              ? "+Inf"
              : String(v)
        : String(v);
}

/** Decodes one document of `text` (UTF-8) as yaml.v3 would into `any`; the first document only. */
export function decodeYamlV3(text: string): GoValue | undefined {
    const counter = new LineCounter();
    const docs = parseAllDocuments(text, {
        schema: "failsafe",
        merge: false,
        uniqueKeys: false,
        lineCounter: counter,
        prettyErrors: false,
    });
    const list = Array.isArray(docs) ? docs : [];
    if (list.length === 0) {
        return undefined;
    }
    const doc = list[0] as Document;
    const error = doc.errors[0];
    if (error) {
        throw new YamlV3Error(error.message.split("\n")[0], error.linePos?.[0].line);
    }
    const lineOf = (node: Node | Alias | null | undefined): number =>
        node?.range ? counter.linePos(node.range[0]).line : 0;
    const active = new Set<Node | Alias>();

    const decode = (node: unknown, merged?: Set<string>, out?: Map<string, GoValue>): GoValue => {
        if (node === null || node === undefined) {
            return null;
        }
        if (isAlias(node)) {
            if (active.has(node)) {
                throw new YamlV3Error(
                    `anchor '${node.source}' value contains itself`,
                    lineOf(node),
                );
            }
            const target = node.resolve(doc);
            if (!target) {
                throw new YamlV3Error(`unknown anchor '${node.source}' referenced`, lineOf(node));
            }
            active.add(node);
            try {
                return decode(target, merged, out);
            } finally {
                active.delete(node);
            }
        }
        if (isScalar(node)) {
            const text = String(node.source ?? node.value ?? "");
            const tag = node.tag;
            const quoted = node.type !== undefined && node.type !== "PLAIN";
            if (tag === undefined || tag === "!") {
                return quoted || tag === "!" ? text : resolvePlain(text);
            }
            return resolveTagged(tag, text, lineOf(node));
        }
        if (isSeq(node)) {
            return node.items.map((item) => decode(item));
        }
        if (isMap(node)) {
            const seen = new Map<string, number>();
            for (const pair of node.items) {
                if (isScalar(pair.key)) {
                    const k = String(pair.key.source ?? pair.key.value ?? "");
                    const first = seen.get(k);
                    if (first !== undefined) {
                        throw new YamlV3Error(
                            `mapping key ${JSON.stringify(k)} already defined at line ${first}`,
                            lineOf(pair.key),
                        );
                    }
                    seen.set(k, lineOf(pair.key));
                }
            }
            const target = out ?? new Map<string, GoValue>();
            let mergeNode: unknown;
            for (const pair of node.items) {
                const key = pair.key;
                if (
                    isScalar(key) &&
                    key.source === "<<" &&
                    key.type === "PLAIN" &&
                    (key.tag === undefined ||
                        key.tag === "!" ||
                        key.tag === "tag:yaml.org,2002:merge")
                ) {
                    mergeNode = pair.value;
                    continue;
                }
                if (isMap(key) || isSeq(key)) {
                    throw new YamlV3Error("invalid map key: a map or list", lineOf(key as Node));
                }
                const k = keyText(decode(key));
                if (merged) {
                    if (merged.has(k)) {
                        continue;
                    }
                    merged.add(k);
                }
                target.set(k, decode(pair.value));
            }
            if (mergeNode !== undefined) {
                const fields =
                    merged ??
                    new Set(
                        node.items.map((p) =>
                            isScalar(p.key) && p.key.source === "<<"
                                ? "<<"
                                : keyText(decode(p.key)),
                        ),
                    );
                const isMapNode = (n: unknown) => isMap(n) || (isAlias(n) && isMap(n.resolve(doc)));
                const want = () =>
                    new YamlV3Error(
                        "map merge requires map or sequence of maps as the value",
                        lineOf(mergeNode as Node),
                    );
                if (isSeq(mergeNode)) {
                    for (const item of mergeNode.items) {
                        if (!isMapNode(item)) {
                            throw want();
                        }
                        decode(item, fields, target);
                    }
                } else if (isMapNode(mergeNode)) {
                    decode(mergeNode, fields, target);
                } else {
                    throw want();
                }
            }
            return target;
        }
        throw new YamlV3Error("unsupported YAML node");
    };
    return decode(doc.contents);
}

/** The 1-based line of each key of the map under the root map's `parent` key (first document). */
export function keyLines(text: string, parent: string): Map<string, number> {
    const counter = new LineCounter();
    const docs = parseAllDocuments(text, { schema: "failsafe", lineCounter: counter });
    const lines = new Map<string, number>();
    const root = Array.isArray(docs) ? docs[0]?.contents : undefined;
    if (!isMap(root)) {
        return lines;
    }
    const pair = root.items.find((p) => isScalar(p.key) && p.key.source === parent);
    if (pair && isMap(pair.value)) {
        for (const p of pair.value.items) {
            if (isScalar(p.key) && p.key.range) {
                lines.set(String(p.key.source), counter.linePos(p.key.range[0]).line);
            }
        }
    }
    return lines;
}

/** Go's `strconv` shortest float text as `encoding/json` writes it (`-0` keeps its sign). */
export function goFloat(f: number): string {
    if (!Number.isFinite(f)) {
        throw new YamlV3Error(
            `json: unsupported value: ${Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf"}`,
        );
    }
    return Object.is(f, -0) ? "-0" : String(f);
}

/**
 * Go `json.Marshal` of a decoded value: ints exact, NaN and infinities refused. Keys keep the file's
 * order (Go sorts them; nothing in the program depends on the order of a map's keys, and the file's
 * order keeps messages and resource order as the stack file reads).
 */
export function goJson(v: GoValue): string {
    if (v === null) {
        return "null";
    }
    if (typeof v === "bigint") {
        return v.toString();
    }
    if (typeof v === "number") {
        return goFloat(v);
    }
    if (typeof v === "boolean" || typeof v === "string") {
        return JSON.stringify(v);
    }
    if (Array.isArray(v)) {
        return `[${v.map(goJson).join(",")}]`;
    }
    const keys = [...v.keys()];
    return `{${keys.map((k) => `${JSON.stringify(k)}:${goJson(v.get(k) ?? null)}`).join(",")}}`;
}

/** The bytes Go's `json.Marshal` writes for a string (it escapes `<`, `>`, `&`, U+2028 and U+2029). */
export function goJsonStringBytes(s: string): number {
    let n = 2;
    for (const ch of s) {
        const c = ch.codePointAt(0) ?? 0;
        n +=
            ch === '"' || ch === "\\" || "\b\f\n\r\t".includes(ch)
                ? 2
                : c < 0x20 || "<>&".includes(ch) || c === 0x2028 || c === 0x2029
                  ? 6
                  : Buffer.byteLength(ch, "utf8");
    }
    return n;
}
