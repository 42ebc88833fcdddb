/**
 * Stack policies build their views of a resource (`null` read as unset, the parsed Kubernetes type,
 * how messages name it) once per resource object, so policies handed the same resource objects (the
 * offline tools' in-process route) share them instead of each building a copy of every view: on
 * 100,000 objects those copies were most of the checker's memory peak. Resource objects built anew
 * (the Analyzer server, per policy) get views of their own with the same content.
 */
import * as assert from "assert";
import type { StackValidationArgs } from "@pulumi/policy";

import { kubernetesObjects, stackPolicy, StackResource } from "../../../policies/shared/policy";

const resource = (name: string) => ({
    type: "kubernetes:apps/v1:Deployment",
    name,
    urn: `urn:pulumi:s::p::kubernetes:apps/v1:Deployment::${name}`,
    props: { metadata: { name, namespace: "shop", labels: null } },
});

/** Runs a stack policy that records what its check saw. */
function seenBy(resources: ReturnType<typeof resource>[]): StackResource[] {
    let seen: StackResource[] = [];
    const policy = stackPolicy({
        name: "probe",
        description: "records its input",
        severity: "low",
        remediationSteps: "none",
        check: (rs) => {
            seen = rs;
            return [];
        },
    });
    const args = {
        resources: [...resources],
        getConfig: () => ({}),
        stackTags: new Map(),
        notApplicable: () => undefined,
    };
    void policy.validateStack(args as unknown as StackValidationArgs, () => undefined);
    return seen;
}

describe("policies: stack views", () => {
    it("gives stack policies handed the same resource objects the same views", () => {
        const resources = [resource("a"), resource("b")];
        const first = seenBy(resources);
        const second = seenBy(resources);
        assert.strictEqual(first.length, 2);
        assert.ok(first.every((r, i) => r === second[i]));
        assert.deepStrictEqual(Object.keys(first[0].props.metadata as object), [
            "name",
            "namespace",
        ]);
        const k1 = kubernetesObjects(first);
        const k2 = kubernetesObjects(second);
        assert.ok(k1.every((o, i) => o === k2[i]));
        assert.deepStrictEqual(
            k1.map((o) => [o.urn, o.k8s.kind, o.what]),
            [
                [resources[0].urn, "Deployment", "Deployment 'shop/a'"],
                [resources[1].urn, "Deployment", "Deployment 'shop/b'"],
            ],
        );
    });

    it("builds views of their own for new resource objects, with the same content", () => {
        const first = kubernetesObjects(seenBy([resource("a")]));
        const again = kubernetesObjects(seenBy([resource("a")]));
        assert.notStrictEqual(first[0], again[0]);
        assert.deepStrictEqual(
            [again[0].urn, again[0].what, again[0].k8s],
            [first[0].urn, first[0].what, first[0].k8s],
        );
    });
});
