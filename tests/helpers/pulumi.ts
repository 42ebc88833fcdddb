/**
 * Helpers for component tests under the mocks installed by the root hooks.
 */
import * as pulumi from "@pulumi/pulumi";

import { activeRecorder, RecordedResource, Recorder, settle } from "../../tools/offline/mocks";

export { settle };

/** The recorder of the active mocks, emptied. Call at the start of each test. */
export function freshRecorder(): Recorder {
    const recorder = activeRecorder();
    recorder.reset();
    return recorder;
}

/** Resolves an Output's value (never for unknowns; tests run as `up`, not preview). */
export function unwrap<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/** `[type, name]` pairs of everything registered, sorted, for exact child-list assertions. */
export function typeNames(resources: readonly RecordedResource[]): [string, string][] {
    return resources
        .map((r): [string, string] => [r.type, r.name])
        .sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
}

/** Names of the resources whose parent is the resource `parentName` of type `parentType`. */
export function childrenOf(
    recorder: Recorder,
    parentType: string,
    parentName: string,
): RecordedResource[] {
    const parent = recorder.get(parentType, parentName);
    return recorder.resources.filter((r) => r.parent === parent.urn);
}
