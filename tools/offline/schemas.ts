/**
 * Validates Kubernetes objects against upstream schemas: the `kubernetes-models` packages for the
 * Kubernetes API, Istio, the Prometheus operator, External Secrets, Argo Rollouts and Karpenter. Models are loaded once per kind.
 */

import Ajv from "ajv";
import addFormats from "ajv-formats";

import { field, itemsAt, recordAt, UnknownRecord } from "../../lib/kubernetes";

/** Where the upstream model of an API group lives. */
function modelModule(apiVersion: string, kind: string): string | undefined {
    const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
    const builtIn =
        group === "" ||
        ["apps", "batch", "autoscaling", "policy"].includes(group) ||
        group.endsWith(".k8s.io");
    // autoscaling.k8s.io is the VPA's CRD group, not part of the Kubernetes API.
    if (builtIn && group !== "autoscaling.k8s.io") {
        return `kubernetes-models/${apiVersion}/${kind}`;
    }
    if (group.endsWith(".istio.io")) {
        return `@kubernetes-models/istio/${apiVersion}/${kind}`;
    }
    if (group === "monitoring.coreos.com") {
        return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
    }
    if (group.endsWith("external-secrets.io")) {
        return `@kubernetes-models/external-secrets/${apiVersion}/${kind}`;
    }
    if (group === "argoproj.io") {
        // Rollout, AnalysisTemplate, ... (argo-rollouts CRDs; generated from Argo Rollouts >= 1.8).
        return `@kubernetes-models/argo-rollouts/${apiVersion}/${kind}`;
    }
    if (group === "karpenter.sh" || group === "karpenter.k8s.aws") {
        // NodePool, EC2NodeClass (generated from the Karpenter v1 CRDs).
        return `@kubernetes-models/karpenter/${apiVersion}/${kind}`;
    }
    return undefined;
}

type Model = new (data: unknown) => { validate(): void };

/** One schema error: the field it is about and the validator's text for it. */
export interface SchemaProblem {
    /** Keys and list indexes of the field (from the validator's `instancePath`). */
    readonly path: (string | number)[];
    /** The same words as in `message`, for this error alone (`data/spec/replicas must be integer`). */
    readonly message: string;
}

/** The outcome of validating one object. */
export type SchemaResult =
    | { status: "valid" }
    | {
          status: "invalid";
          message: string;
          /** `message` split per error, each with its field (empty when the validator gives none). */
          problems: SchemaProblem[];
      }
    | { status: "no-schema"; reason: string };

/** An Ajv error as kubernetes-models' ValidationError carries it (`errors`). */
interface AjvErrorLike {
    readonly instancePath: string;
    readonly message?: string;
}

function isAjvError(e: unknown): e is AjvErrorLike {
    return (
        typeof e === "object" &&
        e !== null &&
        typeof (e as { instancePath?: unknown }).instancePath === "string"
    );
}

/** `/spec/containers/0/image` as keys and indexes (JSON Pointer, RFC 6901 escapes). */
function pointerPath(pointer: string): (string | number)[] {
    return pointer
        .split("/")
        .slice(1)
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
        .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** The errors of a thrown validation error, each as Ajv's `errorsText` writes it. */
function problemsOf(e: unknown, dataVar: string): SchemaProblem[] {
    const errors = (e as { errors?: unknown } | null)?.errors;
    if (!Array.isArray(errors)) {
        return [];
    }
    return errors.filter(isAjvError).map((err) => ({
        path: pointerPath(err.instancePath),
        message: `${dataVar}${err.instancePath} ${err.message ?? "is invalid"}`,
    }));
}

/** Validates objects, caching one model per apiVersion/kind. */
export class SchemaValidator {
    private readonly models = new Map<string, Promise<Model | undefined>>();

    /** Registers a validator for kinds without an upstream package (e.g. a CRD's own schema). */
    public register(apiVersion: string, kind: string, validate: (object: unknown) => void): void {
        const model = class {
            constructor(private readonly data: unknown) {}
            validate() {
                validate(this.data);
            }
        };
        this.models.set(`${apiVersion}/${kind}`, Promise.resolve(model as Model));
    }

    /**
     * Registers the schemas of CustomResourceDefinitions among `objects`, so custom resources of
     * those kinds validate against their CRD's own openAPIV3Schema.
     */
    public registerCrds(objects: readonly UnknownRecord[]): void {
        for (const crd of objects.filter((o) => o.kind === "CustomResourceDefinition")) {
            for (const version of itemsAt(crd, "spec", "versions")) {
                const schema = recordAt(version, "schema", "openAPIV3Schema");
                if (!schema) {
                    continue;
                }
                const ajv = new Ajv({ allErrors: true, strict: false });
                addFormats(ajv);
                const check = ajv.compile(schema);
                this.register(
                    `${field(crd, "spec", "group")}/${field(version, "name")}`,
                    String(field(crd, "spec", "names", "kind")),
                    (object) => {
                        if (!check(object)) {
                            throw Object.assign(
                                new Error(ajv.errorsText(check.errors, { dataVar: "" })),
                                { errors: check.errors, dataVar: "" },
                            );
                        }
                    },
                );
            }
        }
    }

    public async validate(object: UnknownRecord): Promise<SchemaResult> {
        const apiVersion = String(object.apiVersion);
        const kind = String(object.kind);
        const key = `${apiVersion}/${kind}`;
        if (!this.models.has(key)) {
            this.models.set(key, this.load(apiVersion, kind));
        }
        const Model = await this.models.get(key)!;
        if (!Model) {
            return { status: "no-schema", reason: `no upstream schema package for ${key}` };
        }
        try {
            new Model(object).validate();
            return { status: "valid" };
        } catch (e) {
            const dataVar = (e as { dataVar?: unknown }).dataVar;
            return {
                status: "invalid",
                message: `${kind} '${field(object, "metadata", "name") ?? "?"}' does not match the ${key} schema: ${(e as Error).message}`,
                problems: problemsOf(e, typeof dataVar === "string" ? dataVar : "data"),
            };
        }
    }

    private async load(apiVersion: string, kind: string): Promise<Model | undefined> {
        const specifier = modelModule(String(apiVersion), String(kind));
        if (!specifier) {
            return undefined;
        }
        try {
            const mod = (await import(specifier)) as Record<string, Model>;
            return mod[kind] ?? (mod.default as unknown as Model);
        } catch {
            return undefined;
        }
    }
}
