/**
 * Prometheus durations, as Alertmanager's route timers and the Prometheus operator's `retention` read
 * them: prometheus/common `model/time.go` `ParseDuration` (v0.62): units y w d h m s ms, each at most
 * once and in that order (`1h30m`), whole numbers only, `0` alone allowed; a day is 24h, a week 7d, a
 * year 365d.
 */

const UNITS: readonly [string, number][] = [
    ["y", 365 * 24 * 3_600_000],
    ["w", 7 * 24 * 3_600_000],
    ["d", 24 * 3_600_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
];
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Largest duration Go's time.Duration holds (int64 nanoseconds), in milliseconds. */
const MAX_MS = Number(2n ** 63n - 1n) / 1e6;

/** Milliseconds of a Prometheus duration; undefined when it is not one (or overflows int64 ns). */
export function prometheusDurationMs(text: string): number | undefined {
    if (text === "0") {
        return 0;
    }
    if (text === "" || text.length > 64) {
        return undefined;
    }
    const m = DURATION.exec(text);
    if (!m) {
        return undefined;
    }
    const ms = UNITS.reduce((sum, [, unit], i) => sum + Number(m[i + 1] ?? 0) * unit, 0);
    return ms <= MAX_MS ? ms : undefined;
}
