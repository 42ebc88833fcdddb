/**
 * The `transforms` each resource registers with, as the engine receives them. Under mocks a
 * `helm.v4.Chart` arrives as one resource (its rendered children never exist), so a test applies the
 * chart's transforms itself to the objects the chart renders, the way the engine does for each child.
 */
import type * as pulumi from "@pulumi/pulumi";

interface TransformRequest {
    getName(): string;
    getType(): string;
    getTransformsList(): { getToken(): string }[];
}

interface MockMonitor {
    transformCallbacks: Map<string, pulumi.ResourceTransform>;
    registerResource(req: TransformRequest, cb: (err: unknown, resp: unknown) => void): unknown;
}

/**
 * Records, until `stop()`, the transforms of every resource registered: `type::name` to its
 * transforms in order.
 */
export function captureTransforms(): {
    readonly of: (type: string, name: string) => pulumi.ResourceTransform[];
    readonly stop: () => void;
} {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        getMonitor(): MockMonitor;
    };
    const monitor = settings.getMonitor();
    const original = monitor.registerResource;
    const captured = new Map<string, pulumi.ResourceTransform[]>();
    monitor.registerResource = (req, cb) => {
        captured.set(
            `${req.getType()}::${req.getName()}`,
            req
                .getTransformsList()
                .map((t) => monitor.transformCallbacks.get(t.getToken()))
                .filter((t): t is pulumi.ResourceTransform => t !== undefined),
        );
        return original.call(monitor, req, cb);
    };
    return {
        of: (type, name) => captured.get(`${type}::${name}`) ?? [],
        stop: () => {
            monitor.registerResource = original;
        },
    };
}

/** Applies `transforms` in order to one child object, as the engine does; the props that result. */
export async function applyTransforms(
    transforms: readonly pulumi.ResourceTransform[],
    type: string,
    name: string,
    props: Record<string, unknown>,
): Promise<Record<string, unknown>> {
    let current = props;
    for (const t of transforms) {
        const r = await t({ type, name, custom: true, props: current, opts: {} });
        current = (r?.props as Record<string, unknown> | undefined) ?? current;
    }
    return current;
}
