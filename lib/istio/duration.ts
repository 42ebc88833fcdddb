/**
 * Durations as Istio takes them in a VirtualService (`timeout`, `retries.perTryTimeout`,
 * `fault.delay.fixedDelay`, all `google.protobuf.Duration`):
 * - the text is read by Go's `time.ParseDuration` (golang/protobuf v1.5.4 `jsonpb/decode.go`, used
 *   by istio/api `networking/v1alpha3/virtual_service_json.gen.go`; istio/istio 1.30.3 `go.mod` pins
 *   golang/protobuf v1.5.4), so `1h30m`, `1.5s` and
 *   `500ms` are all valid ({@link parseGoDuration});
 * - the CRD refuses less than 1ms (istio/istio 1.30.3 `manifests/charts/base/files/crd-all.gen.yaml`, generated from istio/api,
 *   `x-kubernetes-validations` rule `duration(self) >= duration('1ms')` on each of the three fields);
 * - istiod's validation webhook refuses less than 1ms and any part below a millisecond
 *   (istio/istio 1.30.3 `pkg/config/validation/agent/validation.go` `ValidateDuration`: "duration must
 *   be greater than 1ms", "only durations to ms precision are supported"), called for the route
 *   timeout, the per-try timeout and the fixed delay by `pkg/config/validation/validation.go`.
 */
import { GO_DURATION_UNITS, parseGoDuration } from "../time/go-duration";

const MS = 1_000_000n;

/** What Istio takes, for messages. */
export const ISTIO_DURATION_RULE = `a duration of at least 1ms in whole milliseconds, written as Go durations are (numbers with units ${GO_DURATION_UNITS}, like 500ms, 1.5s or 1h30m)`;

/**
 * Milliseconds of a duration Istio accepts in a VirtualService; `undefined` when Istio refuses it.
 */
export function istioDurationMs(text: string): number | undefined {
    const d = parseGoDuration(text);
    if (!d.ok || d.nanoseconds < MS || d.nanoseconds % MS !== 0n) {
        return undefined;
    }
    return Number(d.nanoseconds / MS);
}

/** Why Istio refuses `text` as a VirtualService duration; `undefined` when it accepts it. */
export function istioDurationIssue(text: string): string | undefined {
    const d = parseGoDuration(text);
    if (!d.ok) {
        return `must be ${ISTIO_DURATION_RULE} (Go reports: ${d.error})`;
    }
    if (d.nanoseconds < MS) {
        return "must be at least 1ms (Istio refuses shorter durations, and Envoy would read a zero timeout as no timeout), like 500ms, 1.5s or 1h30m";
    }
    if (d.nanoseconds % MS !== 0n) {
        return "must be whole milliseconds (Istio supports durations to ms precision only), like 1500ms or 1.5s";
    }
    return undefined;
}
