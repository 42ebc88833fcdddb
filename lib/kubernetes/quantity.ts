/**
 * Kubernetes resource quantities (`500m`, `2`, `1.5Gi`, `512M`, `1e3`) as numbers.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
const SUFFIX: Record<string, number> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** Parses a quantity; undefined when it is not a valid Kubernetes quantity. */
export function parseQuantity(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : undefined;
    }
    if (typeof value !== "string") {
        return undefined;
    }
    const m =
        /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(
            value.trim(),
        );
    if (!m) {
        return undefined;
    }
    const base = Number(m[1]);
    return m[2] !== undefined ? Number(`${m[1]}${m[2]}`) : base * SUFFIX[m[3] ?? ""];
}

/** A quantity as an exact fraction `num / den` (den > 0), so whole bytes and millicores are decided exactly. */
export interface ExactQuantity {
    readonly num: bigint;
    readonly den: bigint;
}

/** Longest quantity text read exactly; the API server's own values are far shorter. */
export const MAX_QUANTITY_TEXT = 64;

const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
    n: -9,
    u: -6,
    m: -3,
    "": 0,
    k: 3,
    M: 6,
    G: 9,
    T: 12,
    P: 15,
    E: 18,
};
const BINARY_EXPONENT: Readonly<Record<string, number>> = {
    Ki: 10,
    Mi: 20,
    Gi: 30,
    Ti: 40,
    Pi: 50,
    Ei: 60,
};

/**
 * Parses a quantity string exactly as Kubernetes' grammar reads it (k8s.io/apimachinery
 * pkg/api/resource/quantity.go, `ParseQuantity`: a signed decimal number, then a binary suffix
 * `Ki`..`Ei`, a decimal suffix `n u m "" k M G T P E`, or an exponent `e<int>`/`E<int>`; no spaces).
 * Undefined when it is not one (or longer than {@link MAX_QUANTITY_TEXT}).
 */
export function exactQuantity(value: string): ExactQuantity | undefined {
    if (value.length > MAX_QUANTITY_TEXT) {
        return undefined;
    }
    const m =
        /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3})|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(
            value,
        );
    if (!m || (m[2] === "" && (m[3] ?? "") === "")) {
        return undefined;
    }
    const fraction = m[3] ?? "";
    let num = BigInt(`${m[2]}${fraction}` || "0") * (m[1] === "-" ? -1n : 1n);
    let den = 10n ** BigInt(fraction.length);
    const suffix = m[5] ?? "";
    if (m[4] === undefined && suffix in BINARY_EXPONENT) {
        num *= 2n ** BigInt(BINARY_EXPONENT[suffix]);
    } else {
        const exponent = m[4] !== undefined ? Number(m[4]) : DECIMAL_EXPONENT[suffix];
        if (exponent >= 0) {
            num *= 10n ** BigInt(exponent);
        } else {
            den *= 10n ** BigInt(-exponent);
        }
    }
    return { num, den };
}

/** True when an exact quantity times `scale` is a whole number (scale 1: whole units; 1000: whole milli-units). */
export function isWholeMultiple(q: ExactQuantity, scale: bigint = 1n): boolean {
    return (q.num * scale) % q.den === 0n;
}

/** Compares an exact quantity with `n` whole units: -1 below, 0 equal, 1 above. */
export function compareQuantity(q: ExactQuantity, n: bigint): number {
    const left = q.num;
    const right = n * q.den;
    return left < right ? -1 : left > right ? 1 : 0;
}
