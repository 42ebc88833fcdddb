/**
 * Workload identity in both stacks (docs/identity.md): every IAM role the program creates is looked at.
 *
 * - A role that trusts the cluster's OIDC provider (IRSA) is on {@link IRSA_ROLES} with the reason it
 *   cannot use EKS Pod Identity, and the one service account it trusts is a secrets reader no program
 *   pod runs as, unless the list says which pods do and why.
 * - A role that trusts EKS Pod Identity names exactly this cluster's ARN, one namespace and one service
 *   account in its session-tag conditions, and exactly one association hands it to that account.
 * - Every meshed pod of an associated account reaches the Pod Identity agent past its sidecar.
 * - Every role passes iam-restrict-workload-trust.
 */
import * as assert from "assert";

import { restrictWorkloadTrust } from "../../policies/aws/restrictWorkloadTrust";
import type { RecordedResource } from "../../tools/offline/mocks";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { runResourcePolicy } from "../helpers/policy";
import { iamDocument } from "../helpers/views";

const ROLE = "aws:iam/role:Role";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const ACCOUNT = "123456789012";

/** Why a role stays on IRSA, and which program pods (if any) run as its service account. */
interface IrsaReason {
    readonly reason: string;
    readonly pods?: string;
}

const SECRETS_READER: IrsaReason = {
    reason: "the service's secrets reader: its SecretStore authenticates with auth.jwt.serviceAccountRef, which External Secrets serves only with a web-identity token (IRSA)",
};
const DB_INIT: IrsaReason = {
    reason: "the data-store init Job's secrets reader (its SecretStore, as above)",
    pods: "the init Job runs as the same account; it makes no AWS call (psql only)",
};

/** Every IRSA role of a stack, by resource name. */
function irsaRoles(services: readonly string[], dbInit: readonly string[]) {
    return new Map<string, IrsaReason>([
        [
            "platform-addons-external-secrets-irsa",
            {
                reason: "the ClusterSecretStore's shared-secrets reader (auth.jwt.serviceAccountRef, as above)",
            },
        ],
        [
            "platform-addons-fluent-bit-irsa",
            {
                reason: "Pod Identity support of the pinned aws-for-fluent-bit image's cloudwatch_logs output is not verified (components/addons/logging/logging.ts)",
            },
        ],
        ...services.map((s): [string, IrsaReason] => [`${s}-irsa`, SECRETS_READER]),
        ...dbInit.map((s): [string, IrsaReason] => [`${s}-db-init-irsa`, DB_INIT]),
    ]);
}

/** Per stack: the IRSA roles, and the Pod Identity roles with the account each one serves. */
const EXPECTED: Record<
    string,
    { irsa: Map<string, IrsaReason>; podIdentity: Record<string, string> }
> = {
    staging: {
        irsa: irsaRoles(["inventory", "order", "payment"], ["inventory", "order", "payment"]),
        podIdentity: {
            "nodes-controller": "kube-system/karpenter",
            "order-pod-identity": "supply-chain/order",
            "platform-addons-aws-load-balancer-controller-irsa":
                "kube-system/aws-load-balancer-controller",
            "platform-addons-ebs-csi-irsa": "kube-system/ebs-csi-controller-sa",
            "platform-addons-otel-irsa": "tracing/otel-collector",
        },
    },
    production: {
        irsa: irsaRoles(["inventory", "order", "payment"], ["inventory", "order", "payment"]),
        podIdentity: {
            "nodes-controller": "kube-system/karpenter",
            "order-pod-identity": "supply-chain/order",
            "platform-addons-aws-load-balancer-controller-irsa":
                "kube-system/aws-load-balancer-controller",
            "platform-addons-ebs-csi-irsa": "kube-system/ebs-csi-controller-sa",
            "platform-addons-otel-irsa": "tracing/otel-collector",
        },
    },
};

type Trust = ReturnType<typeof iamDocument>["Statement"][number];

const trusts = (role: RecordedResource): readonly Trust[] =>
    iamDocument(role.inputs.assumeRolePolicy).Statement;
const trustsOidc = (role: RecordedResource) =>
    trusts(role).some((s) =>
        JSON.stringify(s.Principal?.Federated ?? "").includes(":oidc-provider/"),
    );
const trustsPodIdentity = (role: RecordedResource) =>
    trusts(role).some((s) => s.Principal?.Service === "pods.eks.amazonaws.com");

/** `<namespace>/<name>` of the one service account an IRSA trust names. */
function irsaSubject(role: RecordedResource): string {
    const subjects = trusts(role).flatMap((s) =>
        Object.entries(s.Condition?.StringEquals ?? {})
            .filter(([key]) => key.endsWith(":sub"))
            .map(([, v]) => String(v)),
    );
    assert.strictEqual(subjects.length, 1, `${role.name}: one subject`);
    return subjects[0].replace(/^system:serviceaccount:/, "").replace(":", "/");
}

interface PodTemplate {
    readonly metadata?: { readonly annotations?: Record<string, string> };
    readonly spec?: { readonly serviceAccountName?: string };
}

/** The pod templates of the program's workloads, with their namespace. */
function podTemplates(resources: readonly RecordedResource[]) {
    return resources.flatMap((r) => {
        const obj = r.inputs as {
            metadata?: { namespace?: string };
            spec?: { template?: PodTemplate; jobTemplate?: { spec?: { template?: PodTemplate } } };
        };
        const template = obj.spec?.template ?? obj.spec?.jobTemplate?.spec?.template;
        return ["Deployment", "Rollout", "Job", "CronJob", "StatefulSet", "DaemonSet"].some((k) =>
            r.type.endsWith(`:${k}`),
        ) && template
            ? [{ resource: r, namespace: obj.metadata?.namespace ?? "", template }]
            : [];
    });
}

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: workload identity`, () => {
        const clusterArn = `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/supply-chain-${stack}`;

        it("trusts the OIDC provider only in the listed roles, each a secrets reader no other pod holds", async () => {
            const { recorder } = await evaluatedStack(stack);
            const expected = EXPECTED[stack].irsa;
            const oidc = recorder.ofType(ROLE).filter(trustsOidc);
            assert.deepStrictEqual(oidc.map((r) => r.name).sort(), [...expected.keys()].sort());
            const pods = podTemplates(recorder.resources);
            for (const role of oidc) {
                const account = irsaSubject(role);
                const runAs = pods
                    .filter(
                        (p) => `${p.namespace}/${p.template.spec?.serviceAccountName}` === account,
                    )
                    .map((p) => p.resource.name);
                assert.deepStrictEqual(
                    runAs.length > 0,
                    expected.get(role.name)!.pods !== undefined,
                    `${role.name} (${account}) is held by pods ${JSON.stringify(runAs)}`,
                );
            }
        });

        it("scopes every Pod Identity role to this cluster and one account, handed over by one association", async () => {
            const { recorder } = await evaluatedStack(stack);
            const roles = recorder.ofType(ROLE).filter(trustsPodIdentity);
            const associations = recorder.ofType(ASSOCIATION);
            const served = Object.fromEntries(
                roles.map((role) => {
                    const statements = trusts(role);
                    assert.strictEqual(statements.length, 1, role.name);
                    const conditions = statements[0].Condition?.StringEquals ?? {};
                    const account = `${conditions["aws:RequestTag/kubernetes-namespace"]}/${conditions["aws:RequestTag/kubernetes-service-account"]}`;
                    assert.deepStrictEqual(
                        [statements[0].Action, Object.keys(statements[0].Condition ?? {})],
                        [["sts:AssumeRole", "sts:TagSession"], ["StringEquals"]],
                        role.name,
                    );
                    assert.strictEqual(
                        conditions["aws:RequestTag/eks-cluster-arn"],
                        clusterArn,
                        role.name,
                    );
                    const mine = associations.filter((a) => a.dependencies.includes(role.urn));
                    assert.deepStrictEqual(
                        mine.map((a) => [
                            a.inputs.clusterName,
                            `${a.inputs.namespace}/${a.inputs.serviceAccount}`,
                        ]),
                        [[`supply-chain-${stack}`, account]],
                        `${role.name}: one association, for the account its trust names`,
                    );
                    return [role.name, account];
                }),
            );
            assert.deepStrictEqual(served, EXPECTED[stack].podIdentity);
            assert.strictEqual(
                associations.length,
                roles.length,
                "no association without its role",
            );
        });

        it("lets every meshed pod of an associated account reach the Pod Identity agent", async () => {
            const { recorder } = await evaluatedStack(stack);
            const associated = new Set(
                recorder
                    .ofType(ASSOCIATION)
                    .map((a) => `${a.inputs.namespace}/${a.inputs.serviceAccount}`),
            );
            const meshed = podTemplates(recorder.resources).filter(
                (p) =>
                    p.namespace === "supply-chain" &&
                    associated.has(`${p.namespace}/${p.template.spec?.serviceAccountName}`),
            );
            assert.deepStrictEqual(
                meshed.map((p) => [
                    p.resource.name,
                    p.template.metadata?.annotations?.[
                        "traffic.sidecar.istio.io/excludeOutboundIPRanges"
                    ],
                ]),
                [["order", "169.254.170.23/32"]],
            );
        });

        it("passes iam-restrict-workload-trust with every role", async () => {
            const { recorder } = await evaluatedStack(stack);
            const findings = await Promise.all(
                recorder
                    .ofType(ROLE)
                    .map((r) => runResourcePolicy(restrictWorkloadTrust, r.type, { ...r.inputs })),
            );
            assert.deepStrictEqual(findings.flat(), []);
        });
    });
}
