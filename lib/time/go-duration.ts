/**
 * Go's `time.ParseDuration`, the parser behind most duration strings the platform hands to Go
 * programs: Argo Rollouts' pause durations and analysis intervals, and Istio's
 * `google.protobuf.Duration` fields (read from JSON by golang/protobuf v1.5.4 `jsonpb/decode.go`,
 * which calls `time.ParseDuration`; the CRDs' `duration(self)` CEL rules parse the same syntax).
 *
 * A port of go/src/time/format.go `ParseDuration` (Go 1.23; unchanged since Go 1.15): an optional
 * sign, then one or more `<number><unit>` parts, a number being digits with an optional fraction
 * (`1.5`, `.5`, `1.`), units `ns`, `us`, `µs` (U+00B5), `μs` (U+03BC), `ms`, `s`, `m`, `h`; `0` alone
 * needs no unit; the total must fit an int64 of nanoseconds. Parts may repeat and come in any order
 * (`1m1h` is 61 minutes). Linear in the length of the text.
 */

/** Nanoseconds of each unit Go reads. */
const UNITS: ReadonlyMap<string, bigint> = new Map([
    ["ns", 1n],
    ["us", 1_000n],
    ["\u00b5s", 1_000n],
    ["\u03bcs", 1_000n],
    ["ms", 1_000_000n],
    ["s", 1_000_000_000n],
    ["m", 60_000_000_000n],
    ["h", 3_600_000_000_000n],
]);

const LIMIT = 1n << 63n;

/** The result of {@link parseGoDuration}: nanoseconds, or Go's error text. */
export type GoDuration =
    | { readonly ok: true; readonly nanoseconds: bigint }
    | { readonly ok: false; readonly error: string };

function isDigit(c: string | undefined): boolean {
    return c !== undefined && c >= "0" && c <= "9";
}

/**
 * Parses `text` exactly as Go's `time.ParseDuration` does.
 *
 * @returns the duration in nanoseconds (negative when signed `-`), or the error Go reports (its words,
 *   without quoting the text, which the caller may print escaped).
 */
export function parseGoDuration(text: string): GoDuration {
    const invalid: GoDuration = { ok: false, error: "invalid duration" };
    let s = text;
    let neg = false;
    if (s !== "" && (s[0] === "-" || s[0] === "+")) {
        neg = s[0] === "-";
        s = s.slice(1);
    }
    if (s === "0") {
        return { ok: true, nanoseconds: 0n };
    }
    if (s === "") {
        return invalid;
    }
    let total = 0n;
    let i = 0;
    while (i < s.length) {
        if (!(s[i] === "." || isDigit(s[i]))) {
            return invalid;
        }
        // leadingInt: digits, failing on overflow of 1<<63.
        const intStart = i;
        let v = 0n;
        while (isDigit(s[i])) {
            if (v > LIMIT / 10n) {
                return invalid;
            }
            v = v * 10n + BigInt(s.charCodeAt(i) - 48);
            if (v > LIMIT) {
                return invalid;
            }
            i++;
        }
        const pre = i !== intStart;
        // leadingFraction: digits after the dot; those that would overflow are skipped.
        let f = 0n;
        let scale = 1;
        let post = false;
        if (s[i] === ".") {
            i++;
            const fracStart = i;
            let overflow = false;
            while (isDigit(s[i])) {
                if (!overflow) {
                    if (f > (LIMIT - 1n) / 10n) {
                        overflow = true;
                    } else {
                        const y = f * 10n + BigInt(s.charCodeAt(i) - 48);
                        if (y > LIMIT) {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10;
                        }
                    }
                }
                i++;
            }
            post = i !== fracStart;
        }
        if (!pre && !post) {
            return invalid;
        }
        const unitStart = i;
        while (i < s.length && !(s[i] === "." || isDigit(s[i]))) {
            i++;
        }
        if (i === unitStart) {
            return { ok: false, error: "missing unit in duration" };
        }
        const unit = UNITS.get(s.slice(unitStart, i));
        if (unit === undefined) {
            return { ok: false, error: "unknown unit in duration" };
        }
        if (v > LIMIT / unit) {
            return invalid;
        }
        v *= unit;
        if (f > 0n) {
            // Go: v += uint64(float64(f) * (float64(unit) / scale)), in float64 like here.
            v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
            if (v > LIMIT) {
                return invalid;
            }
        }
        total += v;
        if (total > LIMIT) {
            return invalid;
        }
    }
    if (neg) {
        return { ok: true, nanoseconds: -total };
    }
    if (total > LIMIT - 1n) {
        return invalid;
    }
    return { ok: true, nanoseconds: total };
}

/** The units Go reads, for messages. */
export const GO_DURATION_UNITS = "h, m, s, ms, us (or µs), ns";
