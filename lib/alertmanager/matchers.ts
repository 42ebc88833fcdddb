/**
 * Alertmanager matchers as Alertmanager reads a `matchers:` line of its configuration (prometheus/
 * alertmanager v0.28, `config.Matchers` through `matcher/compat`): in the default fallback mode, the
 * UTF-8 parser (`matcher/parse`) first and, when it refuses, the classic one (`pkg/labels/parse.go`).
 * A line is one or more matchers, comma-separated, optionally in braces.
 *
 * - Classic: name `[a-zA-Z_:][a-zA-Z0-9_:]*`, operator `= != =~ !~`, value unquoted or in double quotes
 *   (escapes `\n`, `\"`, `\\`; any other `\x` is literal); an unescaped `"` inside is refused.
 * - UTF-8: a name or value is unquoted (no whitespace and none of `{}!=~,\"'` and backquote) or a
 *   double-quoted Go string literal.
 * - A regular-expression value must compile as RE2, anchored (`^(?:value)$`); constructs RE2 lacks
 *   (lookaround, backreferences) are refused.
 */

/** Longest line read (keeps every check linear in practice; real matchers are far shorter). */
export const MAX_MATCHERS_TEXT = 1024;

/** One parsed matcher. */
export interface Matcher {
    readonly name: string;
    readonly op: "=" | "!=" | "=~" | "!~";
    readonly value: string;
}

const RESERVED = /[\s{}!=~,\\"'`]/;
const CLASSIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A Go double-quoted string literal's value, or undefined (escapes of strconv.Unquote). */
function unquote(text: string): string | undefined {
    if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
        return undefined;
    }
    let out = "";
    const body = text.slice(1, -1);
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '"' || c === "\n") {
            return undefined;
        }
        if (c !== "\\") {
            out += c;
            continue;
        }
        const e = body[++i];
        const simple: Record<string, string> = {
            a: "\x07",
            b: "\b",
            f: "\f",
            n: "\n",
            r: "\r",
            t: "\t",
            v: "\v",
            "\\": "\\",
            '"': '"',
        };
        if (e !== undefined && e in simple) {
            out += simple[e];
        } else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
            out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
            i += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
            out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
            i += 4;
        } else {
            return undefined;
        }
    }
    return out;
}

/** Splits a line at commas outside double quotes; undefined when a quote is left open. */
function splitOutsideQuotes(text: string): string[] | undefined {
    const parts: string[] = [];
    let current = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted && c === "\\") {
            current += c + (text[i + 1] ?? "");
            i++;
            continue;
        }
        if (c === '"') {
            quoted = !quoted;
        }
        if (c === "," && !quoted) {
            parts.push(current);
            current = "";
        } else {
            current += c;
        }
    }
    parts.push(current);
    return quoted ? undefined : parts;
}

/** A name or value in the UTF-8 grammar: unquoted without reserved characters, or quoted. */
function utf8Token(text: string): string | undefined {
    if (text.startsWith('"')) {
        return unquote(text);
    }
    return text.length > 0 && !RESERVED.test(text) ? text : undefined;
}

/** The classic parser's value: an optional quoted form with its three escapes. */
function classicValue(raw: string): string | undefined {
    const quoted = raw.startsWith('"');
    const body = quoted ? raw.slice(1) : raw;
    let out = "";
    let closed = !quoted;
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === "\\" && i < body.length - 1) {
            const e = body[++i];
            out += e === "n" ? "\n" : e === '"' || e === "\\" ? e : `\\${e}`;
        } else if (c === '"') {
            if (closed || i < body.length - 1) {
                return undefined;
            }
            closed = true;
        } else {
            out += c;
        }
    }
    return closed ? out : undefined;
}

/** Why an RE2 regular expression (anchored as Alertmanager anchors it) would not compile, if it would not. */
export function re2Problem(pattern: string): string | undefined {
    if (/\(\?<?[=!]/.test(pattern)) {
        return "lookahead and lookbehind are not RE2";
    }
    if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern)) {
        return "backreferences are not RE2";
    }
    // RE2's inline flags (`(?i)`, `(?i:...)`) have no JavaScript form; they never make a pattern
    // invalid, so they are dropped before the check. Without the u flag JavaScript stays lenient
    // where RE2 has syntax it lacks (`\pL`, `[[:alpha:]]`, `\z`): no valid matcher is refused.
    const flagless = pattern.replace(/\(\?[imsU-]+\)/g, "").replace(/\(\?[imsU-]+:/g, "(?:");
    try {
        new RegExp(`^(?:${flagless})$`);
        return undefined;
    } catch {
        return "it does not compile";
    }
}

const OPERATOR = /^(.*?)\s*(=~|!~|!=|=)\s*(.*)$/s;

/** One matcher in the UTF-8 grammar, then the classic one; an error text when neither reads it. */
function parseOne(text: string): Matcher | string {
    const m = OPERATOR.exec(text.trim());
    if (!m || m[1] === "") {
        return `"${text.trim()}" is not name, operator (=, !=, =~, !~) and value`;
    }
    const op = m[2] as Matcher["op"];
    const name = utf8Token(m[1]) ?? (CLASSIC_NAME.test(m[1]) ? m[1] : undefined);
    const value = m[3] === "" ? "" : (utf8Token(m[3]) ?? classicValue(m[3]));
    if (name === undefined) {
        return `label name ${m[1]} must be unquoted without spaces or {}!=~,\\"'\` characters, or double-quoted`;
    }
    if (value === undefined) {
        return `value ${m[3]} must be double-quoted with \\" for a quote inside, or unquoted without spaces or {}!=~,\\"'\` characters`;
    }
    if (op === "=~" || op === "!~") {
        const problem = re2Problem(value);
        if (problem !== undefined) {
            return `regular expression ${JSON.stringify(value)} is refused: ${problem}`;
        }
    }
    return { name, op, value };
}

/** The matchers of one `matchers:` line, or the reason Alertmanager would refuse it. */
export function parseMatchers(line: string): Matcher[] | string {
    if (line.length > MAX_MATCHERS_TEXT) {
        return `the line must be at most ${MAX_MATCHERS_TEXT} characters`;
    }
    let text = line.trim();
    if (text.startsWith("{") !== text.endsWith("}")) {
        return "braces must open and close the whole line";
    }
    if (text.startsWith("{")) {
        text = text.slice(1, -1);
    }
    const parts = splitOutsideQuotes(text);
    if (parts === undefined) {
        return "a double quote is left open";
    }
    if (parts.length > 1 && parts[parts.length - 1].trim() === "") {
        parts.pop(); // a trailing comma is allowed
    }
    const matchers: Matcher[] = [];
    for (const part of parts) {
        const m = parseOne(part);
        if (typeof m === "string") {
            return m;
        }
        matchers.push(m);
    }
    return matchers;
}
