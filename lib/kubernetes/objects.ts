/**
 * Kubernetes objects as Pulumi and CrossGuard see them: Pulumi type tokens of every kind and API
 * version, and how messages name an object.
 */

import { field, UnknownRecord } from "./fields";

/**
 * A Kubernetes object's props (the resource inputs: metadata, spec, ...), of any kind and API version:
 * read it with the accessors of `fields.ts`.
 */
export type K8sObject = UnknownRecord;

/** Group, version and kind of a `kubernetes:<group>/<version>:<Kind>` type token. */
export interface KubernetesType {
    readonly group: string;
    readonly version: string;
    readonly kind: string;
}

/** Parses a Pulumi Kubernetes type token; undefined for anything else (components, providers, Helm). */
export function parseKubernetesType(type: string): KubernetesType | undefined {
    const m = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m || m[1] === "helm.sh" || m[1] === "yaml") {
        return undefined;
    }
    return { group: m[1], version: m[2], kind: m[3] };
}

/** The Pulumi type token of an apiVersion and kind (`apps/v1` Deployment -> `kubernetes:apps/v1:Deployment`). */
export function kubernetesTypeToken(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/")
        ? apiVersion.split("/")
        : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${kind}`;
}

/** How messages name an object: `Deployment 'supply-chain/inventory'`. */
export function describeObject(kind: string, obj: K8sObject, fallbackName: string): string {
    const name = field(obj, "metadata", "name") ?? fallbackName;
    const ns = field(obj, "metadata", "namespace");
    return `${kind} '${ns ? `${ns}/` : ""}${name}'`;
}
