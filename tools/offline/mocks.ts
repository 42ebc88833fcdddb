/**
 * Pulumi mocks that record every registration, with its parent, provider and options, so tests and the
 * offline preview see the program the way the engine would.
 */
import * as pulumi from "@pulumi/pulumi";

import { AliasRequest, aliasUrns } from "./alias-urns";
import { fakeCall, fakeState } from "./fakes";
import { STACK_REFERENCE_TYPE, StackOutputs, stackReferenceState } from "./stack-references";

/** One registered resource, as the engine would see it. */
export interface RecordedResource {
    /** URN in the engine's form (full parent type chain). */
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent (engine form), or undefined for the stack itself. */
    readonly parent?: string;
    readonly inputs: Record<string, unknown>;
    /** Provider reference (`urn::id`) or "" for the default provider. */
    readonly provider: string;
    readonly custom: boolean;
    /** A multi-language component served by a provider plugin (e.g. `eks:index:Cluster`). */
    readonly remote: boolean;
    /** Version of the resource's package, as the SDK requests it (names the default provider). */
    readonly version: string;
    readonly protect: boolean;
    /** Property paths whose changes Pulumi ignores (`ignoreChanges`): fields another controller owns. */
    readonly ignoreChanges: string[];
    /** URNs (engine form) this resource depends on explicitly or through inputs. */
    readonly dependencies: string[];
    /**
     * Every URN (engine form) the engine treats as this resource's earlier identity: its own `aliases`
     * and those it inherits from its parent's aliases (see alias-urns.ts).
     */
    readonly aliases: string[];
}

/** Collects registrations in order. */
export class Recorder {
    public readonly resources: RecordedResource[] = [];
    /**
     * The stack's outputs as the program registered them on the root Stack resource
     * (`registerResourceOutputs`), secrets still wrapped in Pulumi's signature: redact before printing.
     */
    public stackOutputs: Record<string, unknown> = {};
    private readonly engineUrns = new Map<string, string>();
    private readonly byUrn = new Map<string, RecordedResource>();

    /** Forgets everything recorded so far. */
    public reset(): void {
        this.resources.length = 0;
        this.stackOutputs = {};
        this.engineUrns.clear();
        this.byUrn.clear();
    }

    /** The engine-form URN of a resource the mock monitor knows by `mockUrn` (unknown: unchanged). */
    public engineUrn(mockUrn: string): string {
        return this.engineUrns.get(mockUrn) ?? mockUrn;
    }

    /** Resources of one type token. */
    public ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this type and name; throws when absent. */
    public get(type: string, name: string): RecordedResource {
        const found = this.resources.find((r) => r.type === type && r.name === name);
        if (!found) {
            throw new Error(`no ${type} named ${name} was registered`);
        }
        return found;
    }

    /** @internal called by the patched monitor. */
    public record(
        mockUrn: string,
        r: Omit<RecordedResource, "urn" | "parent" | "dependencies" | "aliases"> & {
            parentMockUrn: string;
            dependencyMockUrns: string[];
            aliases: readonly AliasRequest[];
        },
    ): void {
        const parent = r.parentMockUrn
            ? (this.engineUrns.get(r.parentMockUrn) ?? r.parentMockUrn)
            : undefined;
        const parentType = parent ? parent.split("::")[2] : undefined;
        const qualified =
            parentType && !parentType.startsWith("pulumi:pulumi:Stack")
                ? `${parentType}$${r.type}`
                : r.type;
        const stackProject = mockUrn.split("::").slice(0, 2).join("::");
        const urn = `${stackProject}::${qualified}::${r.name}`;
        this.engineUrns.set(mockUrn, urn);
        const parentRecord = parent ? this.byUrn.get(parent) : undefined;
        const aliases = aliasUrns(
            { urn, type: r.type, name: r.name, parent: parentRecord },
            r.aliases.map((a) => ({ ...a, parentUrn: a.parentUrn && this.engineUrn(a.parentUrn) })),
        );
        this.resources.push({
            urn,
            type: r.type,
            name: r.name,
            parent,
            inputs: r.inputs,
            provider: this.engineReference(r.provider),
            custom: r.custom,
            remote: r.remote,
            version: r.version,
            protect: r.protect,
            ignoreChanges: r.ignoreChanges,
            dependencies: r.dependencyMockUrns.map((u) => this.engineUrns.get(u) ?? u),
            aliases,
        });
        this.byUrn.set(urn, this.resources[this.resources.length - 1]);
    }

    /**
     * A provider reference (`<urn>::<id>`) with the provider's engine URN, so it names a recorded
     * resource: under `runInPulumiStack` the SDK's URN of a provider parented to the stack carries
     * `pulumi:pulumi:Stack$`, which the engine's URN does not.
     */
    private engineReference(ref: string): string {
        const cut = ref.lastIndexOf("::");
        if (!ref || cut < 0) {
            return ref;
        }
        const mockUrn = ref.slice(0, cut);
        const urn = this.engineUrns.get(mockUrn);
        return urn ? `${urn}${ref.slice(cut)}` : ref;
    }
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getVersion(): string;
    getProtect(): boolean;
    getIgnorechangesList(): string[];
    getDependenciesList(): string[];
    getObject(): unknown;
    getAliasesList(): AliasMessage[];
}

/** The `Alias` protobuf message the SDK sends (an URN, or a spec when the monitor takes specs). */
interface AliasMessage {
    getUrn(): string;
    getSpec():
        | {
              getName(): string;
              getType(): string;
              getStack(): string;
              getProject(): string;
              getParenturn(): string;
              getNoparent(): boolean;
          }
        | undefined;
}

function aliasRequest(a: AliasMessage): AliasRequest {
    const spec = a.getSpec();
    if (!spec) {
        return { urn: a.getUrn() };
    }
    return {
        name: spec.getName() || undefined,
        type: spec.getType() || undefined,
        stack: spec.getStack() || undefined,
        project: spec.getProject() || undefined,
        parentUrn: spec.getParenturn() || undefined,
        noParent: spec.getNoparent(),
    };
}

/** The `ReadResourceRequest` the SDK sends for a read (a StackReference, a resource `get`). */
interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getVersion(): string;
    getDependenciesList(): string[];
    getProperties(): { toJavaScript(): unknown };
}

interface RegisterOutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): unknown } | undefined;
}

/** Options for {@link installMocks}. */
export interface MockOptions {
    readonly project: string;
    readonly stack: string;
    /** Run as a preview (`isDryRun()` true). @default false */
    readonly preview?: boolean;
    /** AWS region the fakes use. */
    readonly region?: string;
    /**
     * The outputs a `StackReference` reads (another stack's offline preview, stack-references.ts).
     *
     * @default - none: a program that reads a stack reference fails, naming `--stack-outputs`
     */
    readonly stackOutputs?: StackOutputs;
}

/**
 * Installs Pulumi mocks for this process and returns the recorder they write to. Call once per
 * process before the program or any component is loaded.
 */
export async function installMocks(options: MockOptions): Promise<Recorder> {
    const recorder = new Recorder();
    active = recorder;
    await pulumi.runtime.setMocks(
        {
            newResource: (args: pulumi.runtime.MockResourceArgs) =>
                args.type === STACK_REFERENCE_TYPE
                    ? {
                          id: args.id ?? args.name,
                          state: stackReferenceState(
                              String(args.inputs.name ?? args.name),
                              options.stackOutputs,
                          ),
                      }
                    : fakeState(args.type, args.name, args.inputs, options.region),
            call: (args: pulumi.runtime.MockCallArgs) =>
                fakeCall(args.token, args.inputs, options.region),
        },
        options.project,
        options.stack,
        options.preview ?? false,
    );
    // The mock monitor does not hand parents or options to `newResource`; wrap its registerResource to
    // record them from the request itself.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        getMonitor(): Record<string, unknown>;
    };
    const monitor = settings.getMonitor() as {
        registerResource(req: RegisterRequest, cb: (err: unknown, resp: unknown) => void): unknown;
        readResource(req: ReadRequest, cb: (err: unknown, resp: unknown) => void): unknown;
        registerResourceOutputs(
            req: RegisterOutputsRequest,
            cb: (err: unknown, resp: unknown) => void,
        ): unknown;
    };
    const original = monitor.registerResource.bind(monitor);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rpc = require("@pulumi/pulumi/runtime/rpc") as {
        deserializeProperties(o: { toJavaScript(): unknown }): Record<string, unknown>;
        specialSigKey: string;
        specialResourceSig: string;
    };
    // A reference to another resource arrives as `{<sig>: <resource sig>, urn, ...}`; the SDK would
    // rebuild it into a live Resource object (whose JSON is SDK internals). Recorded inputs hold the
    // referenced resource's URN instead, as the engine shows it.
    const referencesAsUrns = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            return value.map(referencesAsUrns);
        }
        if (value === null || typeof value !== "object") {
            return value;
        }
        const o = value as Record<string, unknown>;
        if (o[rpc.specialSigKey] === rpc.specialResourceSig && typeof o.urn === "string") {
            return recorder.engineUrn(o.urn);
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, referencesAsUrns(v)]));
    };
    const recordedInputs = (struct: { toJavaScript(): unknown }) => {
        const raw = referencesAsUrns(struct.toJavaScript());
        return rpc.deserializeProperties({ toJavaScript: () => raw });
    };
    monitor.registerResource = (req, cb) =>
        original(req, (err, resp) => {
            if (!err && resp) {
                const urn = (resp as { getUrn(): string }).getUrn();
                if (req.getType() !== "pulumi:pulumi:Stack") {
                    recorder.record(urn, {
                        type: req.getType(),
                        name: req.getName(),
                        parentMockUrn: req.getParent(),
                        inputs: recordedInputs(req.getObject() as { toJavaScript(): unknown }),
                        provider: req.getProvider(),
                        custom: req.getCustom(),
                        remote: req.getRemote(),
                        version: req.getVersion(),
                        protect: req.getProtect(),
                        ignoreChanges: req.getIgnorechangesList(),
                        dependencyMockUrns: req.getDependenciesList(),
                        aliases: req.getAliasesList().map(aliasRequest),
                    });
                }
            }
            cb(err, resp);
        });
    // A read (a StackReference, a `get`) is a resource of the stack too: the engine lists it as a
    // `read` step. Its inputs are what the program passed (a reference's `name`), never the state read.
    const originalRead = monitor.readResource.bind(monitor);
    monitor.readResource = (req, cb) =>
        originalRead(req, (err, resp) => {
            if (!err && resp) {
                recorder.record((resp as { getUrn(): string }).getUrn(), {
                    type: req.getType(),
                    name: req.getName(),
                    parentMockUrn: req.getParent(),
                    inputs: recordedInputs(req.getProperties()),
                    provider: req.getProvider(),
                    custom: true,
                    remote: false,
                    version: req.getVersion(),
                    protect: false,
                    ignoreChanges: [],
                    dependencyMockUrns: req.getDependenciesList(),
                    aliases: [],
                });
            }
            cb(err, resp);
        });
    // The root Stack resource's outputs are the stack outputs (`export const` in index.ts); the SDK
    // registers them once the program returns (@pulumi/pulumi runtime/stack.ts, Stack.runInit).
    const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        if (req.getUrn().split("::")[2] === "pulumi:pulumi:Stack") {
            const outputs = req.getOutputs();
            recorder.stackOutputs = outputs ? recordedInputs(outputs) : {};
        }
        return originalOutputs(req, cb);
    };
    return recorder;
}

let active: Recorder | undefined;

/** The recorder of the mocks installed last in this process. */
export function activeRecorder(): Recorder {
    if (!active) {
        throw new Error("installMocks() has not been called in this process");
    }
    return active;
}

/** Resolves once every resource registration started so far has finished. */
export async function settle(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}
