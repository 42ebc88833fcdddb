/**
 * The URNs the engine treats as a resource's earlier identities, computed from the `aliases` the SDK
 * sends and the aliases of the resource's parent, as the engine does (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go `generateAliases`, mirrored by the Node.js SDK's
 * `inheritedChildAlias` in sdk/nodejs/resource.ts for monitors without alias specs): a child inherits
 * one alias per alias of its parent, under that alias's type chain, with the parent's name prefix of
 * its own name replaced by the alias's name.
 */

/** One alias as requested: an URN, or a spec whose empty fields mean "the resource's own". */
export interface AliasRequest {
    readonly urn?: string;
    readonly name?: string;
    readonly type?: string;
    readonly stack?: string;
    readonly project?: string;
    /** Engine-form URN of the alias's parent; absent: the resource's own parent. */
    readonly parentUrn?: string;
    /** The alias had no parent (the stack's root). */
    readonly noParent?: boolean;
}

/** The facts of the resource and its (already recorded) parent that aliases derive from. */
export interface AliasSubject {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: { readonly urn: string; readonly name: string; readonly aliases: string[] };
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type (parent chain) a child of `parentUrn` gets; the stack adds no prefix. */
function qualifiedType(parentUrn: string | undefined, type: string): string {
    const parentType = parentUrn?.split("::")[2];
    return parentType && !parentType.startsWith(STACK_TYPE) ? `${parentType}$${type}` : type;
}

function urnOf(
    stack: string,
    project: string,
    parentUrn: string | undefined,
    type: string,
    name: string,
) {
    return `urn:pulumi:${stack}::${project}::${qualifiedType(parentUrn, type)}::${name}`;
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Every alias URN of `subject` (its own URN excluded), in a stable order without repeats. */
export function aliasUrns(subject: AliasSubject, requests: readonly AliasRequest[]): string[] {
    const [, stackProject] = /^urn:pulumi:(.*?::.*?)::/.exec(subject.urn) ?? [];
    const [stack, project] = (stackProject ?? "::").split("::");
    const found = new Set<string>();
    const parentUrns = subject.parent
        ? [subject.parent.urn, ...subject.parent.aliases]
        : [undefined];
    for (const a of requests) {
        if (a.urn) {
            found.add(a.urn);
            continue;
        }
        // An alias under the resource's own parent is also one under each of the parent's aliases.
        const ownParent = a.parentUrn === undefined || a.parentUrn === subject.parent?.urn;
        const aliasParents = a.noParent ? [undefined] : ownParent ? parentUrns : [a.parentUrn];
        for (const parentUrn of aliasParents) {
            found.add(
                urnOf(
                    a.stack ?? stack,
                    a.project ?? project,
                    parentUrn,
                    a.type ?? subject.type,
                    a.name ?? subject.name,
                ),
            );
        }
    }
    // Inherited from the parent's aliases: the child under each earlier identity of its parent.
    for (const parentAlias of subject.parent?.aliases ?? []) {
        const parentName = subject.parent?.name ?? "";
        const name = subject.name.startsWith(parentName)
            ? nameOf(parentAlias) + subject.name.slice(parentName.length)
            : subject.name;
        found.add(urnOf(stack, project, parentAlias, subject.type, name));
    }
    found.delete(subject.urn);
    return [...found];
}
