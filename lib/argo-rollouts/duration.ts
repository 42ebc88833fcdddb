/**
 * Durations as Argo Rollouts v1.9.0 reads them (argoproj/argo-rollouts at tag v1.9.0):
 * - a canary step's `pause.duration` is an int-or-string
 *   (`pkg/apis/rollouts/v1alpha1/types.go`, `RolloutPause.DurationSeconds`): an integer is seconds;
 *   a string is first read as a base-10 int32 (`strconv.ParseInt(s, 10, 32)`: seconds without a unit,
 *   an optional sign), otherwise by Go's `time.ParseDuration` and truncated to whole seconds
 *   (`int32(d.Seconds())`); a string neither reads gives -1. The Rollout's validation refuses a
 *   negative result ("Duration needs to be greater than 0", `pkg/apis/rollouts/validation/validation.go`),
 *   and the controller waits `DurationSeconds()` whole seconds (`rollout/pause.go`);
 * - an AnalysisTemplate metric's `interval` is a `DurationString` read by `time.ParseDuration`
 *   (`analysis_types.go` `DurationString.Duration`; refused as "invalid interval string" by
 *   `utils/analysis/factory.go` `ValidateMetric`).
 */
import { GO_DURATION_UNITS, parseGoDuration } from "../time/go-duration";

const INT32_MAX = 2 ** 31 - 1;
const SECOND = 1_000_000_000n;

/** Go's `strconv.ParseInt(s, 10, 32)`: optional sign, decimal digits, in int32 range. */
function parseInt32(text: string): number | undefined {
    if (!/^[+-]?[0-9]+$/.test(text) || text.length > 64) {
        return undefined;
    }
    const n = Number(text);
    return n >= -(2 ** 31) && n <= INT32_MAX ? n : undefined;
}

/**
 * Whole seconds a Rollout pauses for `duration`, as `RolloutPause.DurationSeconds` computes them;
 * `undefined` where Argo Rollouts reads nothing (it returns -1 and the Rollout is refused) or the
 * seconds do not fit the int32 it converts to (Go leaves that conversion implementation-defined).
 */
export function pauseSeconds(duration: string | number): number | undefined {
    if (typeof duration === "number") {
        return Number.isInteger(duration) && duration >= -(2 ** 31) && duration <= INT32_MAX
            ? duration
            : undefined;
    }
    const whole = parseInt32(duration);
    if (whole !== undefined) {
        return whole;
    }
    const d = parseGoDuration(duration);
    if (!d.ok) {
        return undefined;
    }
    const seconds = d.nanoseconds / SECOND; // BigInt division truncates toward zero, as int32(float) does
    return seconds <= BigInt(INT32_MAX) && seconds >= -BigInt(INT32_MAX) - 1n
        ? Number(seconds)
        : undefined;
}

/** What a pause takes, for messages. */
export const PAUSE_RULE = `whole seconds (an integer like 300) or a duration of at least 1s written as Go durations are (numbers with units ${GO_DURATION_UNITS}, like 30s, 5m or 1h30m), at most ${INT32_MAX} seconds`;

/** Why a canary pause `duration` is refused; `undefined` when it pauses for at least a second. */
export function pauseDurationIssue(duration: string | number): string | undefined {
    const seconds = pauseSeconds(duration);
    if (seconds === undefined) {
        return `must be ${PAUSE_RULE}`;
    }
    if (seconds < 0) {
        return `must not be negative (Argo Rollouts refuses the Rollout: "Duration needs to be greater than 0"); use ${PAUSE_RULE}`;
    }
    if (seconds === 0) {
        return "must be at least 1s: Argo Rollouts counts whole seconds, so this pause would not wait at all (omit duration to pause until promoted)";
    }
    return undefined;
}

/** Milliseconds of an analysis `interval`; `undefined` when Argo Rollouts cannot read it. */
export function intervalMs(interval: string): number | undefined {
    const d = parseGoDuration(interval);
    return d.ok ? Number(d.nanoseconds / 1_000_000n) : undefined;
}

/** Why an analysis `interval` is refused; `undefined` when it is read and at least a second. */
export function analysisIntervalIssue(interval: string): string | undefined {
    const d = parseGoDuration(interval);
    if (!d.ok) {
        return `must be a duration Argo Rollouts reads (Go time.ParseDuration: numbers with units ${GO_DURATION_UNITS}, like 30s, 1m or 1m30s; Go reports: ${d.error})`;
    }
    if (d.nanoseconds < SECOND) {
        return "must be at least 1s: the analysis measures again every interval, and a shorter one (zero or negative included, which Argo Rollouts accepts) queries Prometheus on every reconcile while the PodMonitor scrapes only every 30s";
    }
    return undefined;
}
