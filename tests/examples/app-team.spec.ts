/**
 * The application team's example (examples/app-team/) previewed offline against the staging platform
 * stack's own offline run: `preview:offline --format json` of staging gives the outputs its
 * StackReference reads (`--stack-outputs`), and the example runs with `--project examples/app-team`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { PreviewResult } from "../../tools/offline/preview";
import { runPreview } from "../../tools/offline/preview";
import { readPackConfig } from "../../tools/offline/pack-config";
import { resolveProject, useWorkspaceLibrary } from "../../tools/offline/project";
import { loadStackConfig } from "../../tools/offline/stack-config";
import { ROOT, Run, runTool } from "../tools/cli";

const EXAMPLE = path.join("examples", "app-team");

/** `[type, name]` of the children of the component `name` of type `type`, sorted. */
function children(doc: PreviewResult, type: string, name: string): [string, string][] {
    const parent = doc.resources.find((r) => r.type === type && r.name === name);
    assert.ok(parent, `${type} ${name}`);
    return doc.resources
        .filter((r) => r.parent === parent.urn)
        .map((r): [string, string] => [r.type, r.name])
        .sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
}

function inputs(doc: PreviewResult, type: string, name: string): Record<string, unknown> {
    const r = doc.resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `${type} ${name}`);
    return r.inputs;
}

describe("examples/app-team (offline preview through a StackReference)", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-team-"));
    const platformJson = path.join(dir, "staging.json");
    let platform: Run;
    let example: Run;
    let text: Run;

    before(() => {
        platform = runTool("preview", ["--stack", "staging", "--out", dir, "--format", "json"]);
        assert.strictEqual(platform.status, 0, platform.stderr);
        fs.writeFileSync(platformJson, platform.stdout);
        const args = ["--project", EXAMPLE, "--stack", "staging", "--stack-outputs", platformJson];
        example = runTool("preview", [...args, "--out", dir, "--format", "json"]);
        text = runTool("preview", [...args, "--out", dir, "--quiet"]);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("previews clean under the pack: 0 mandatory violations, 0 schema errors (exit 0)", () => {
        assert.strictEqual(example.status, 0, example.stderr);
        const doc = JSON.parse(example.stdout) as PreviewResult;
        assert.deepStrictEqual(
            [doc.stack, doc.summary.mandatory, doc.schemaErrors, doc.capacity],
            ["staging", 0, [], []],
        );
        assert.deepStrictEqual(doc.outputs, { namespace: "orders", serviceName: "orders" });
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(
            text.stdout,
            /^\+ pulumi:pulumi:Stack {2}orders-team-staging {2}\(47 resources\)$/m,
        );
    });

    it("reads the platform stack once, through a StackReference named by the stack config", () => {
        const doc = JSON.parse(example.stdout) as PreviewResult;
        const refs = doc.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
        assert.deepStrictEqual(
            refs.map((r) => [r.urn, r.provider, r.inputs]),
            [
                [
                    "urn:pulumi:staging::orders-team::pulumi:pulumi:StackReference::organization/supply-chain-platform/staging",
                    null,
                    { name: "organization/supply-chain-platform/staging" },
                ],
            ],
        );
    });

    it("creates the service with its mesh policy, data store and observability, on the platform's facts", () => {
        const doc = JSON.parse(example.stdout) as PreviewResult;
        assert.deepStrictEqual(children(doc, "platform:apps:Microservice", "orders"), [
            ["aws:iam/role:Role", "orders-irsa"],
            ["aws:iam/rolePolicy:RolePolicy", "orders-irsa-datastores"],
            ["kubernetes:apps/v1:Deployment", "orders"],
            ["kubernetes:core/v1:ServiceAccount", "orders-sa"],
            // the account its SecretStore reads as (IRSA), which no pod runs as (docs/identity.md)
            ["kubernetes:core/v1:ServiceAccount", "orders-secrets-reader"],
            ["kubernetes:core/v1:Service", "orders-svc"],
            ["kubernetes:external-secrets.io/v1:ExternalSecret", "orders-datastore-secrets"],
            ["kubernetes:external-secrets.io/v1:SecretStore", "orders-secret-store"],
            ["kubernetes:monitoring.coreos.com/v1:PodMonitor", "orders-monitor"],
            ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "orders-netpol"],
            ["kubernetes:policy/v1:PodDisruptionBudget", "orders-pdb"],
        ]);
        assert.deepStrictEqual(children(doc, "platform:mesh:MeshPolicy", "orders-mesh"), [
            ["kubernetes:networking.istio.io/v1:DestinationRule", "orders-mesh-dr"],
            ["kubernetes:networking.istio.io/v1:Sidecar", "orders-mesh-sidecar"],
            ["kubernetes:networking.istio.io/v1:VirtualService", "orders-mesh-vs"],
            ["kubernetes:security.istio.io/v1:AuthorizationPolicy", "orders-mesh-authz"],
        ]);
        assert.deepStrictEqual(children(doc, "platform:data:Datastore", "orders-data"), [
            ["aws:ec2/securityGroup:SecurityGroup", "orders-data-postgres-sg"],
            ["aws:kms/alias:Alias", "orders-data-key"],
            ["aws:kms/key:Key", "orders-data-key"],
            ["aws:rds/instance:Instance", "orders-data-postgres"],
            ["aws:rds/parameterGroup:ParameterGroup", "orders-data-postgres-params"],
            ["aws:rds/subnetGroup:SubnetGroup", "orders-data-postgres-subnets"],
            ["aws:secretsmanager/secret:Secret", "orders-data-postgres-app"],
            ["aws:secretsmanager/secretRotation:SecretRotation", "orders-data-postgres-rotation"],
            ["aws:secretsmanager/secretVersion:SecretVersion", "orders-data-postgres-app"],
            ["random:index/randomPassword:RandomPassword", "orders-data-postgres-app"],
        ]);
        assert.deepStrictEqual(
            children(doc, "platform:observability:WorkloadObservability", "orders-observability"),
            [
                ["kubernetes:core/v1:ConfigMap", "orders-observability-dashboard"],
                ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "orders-observability-slo"],
            ],
        );
        // The platform's facts, as the staging stack exported them.
        const authz = inputs(
            doc,
            "kubernetes:security.istio.io/v1:AuthorizationPolicy",
            "orders-mesh-authz",
        );
        assert.deepStrictEqual((authz.spec as { rules: unknown }).rules, [
            { from: [{ source: { principals: ["cluster.local/ns/orders/sa/storefront"] } }] },
        ]);
        const sg = inputs(doc, "aws:ec2/securityGroup:SecurityGroup", "orders-data-postgres-sg");
        assert.strictEqual(sg.vpcId, "platform-vpc-id");
        const subnets = inputs(
            doc,
            "aws:rds/subnetGroup:SubnetGroup",
            "orders-data-postgres-subnets",
        );
        assert.deepStrictEqual(subnets.subnetIds, [
            "platform-private-us-west-2a-id",
            "platform-private-us-west-2b-id",
        ]);
        const rule = inputs(
            doc,
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            "orders-observability-slo",
        );
        assert.deepStrictEqual(
            [
                (rule.metadata as Record<string, unknown>).namespace,
                (rule.metadata as Record<string, Record<string, string>>).labels.release,
            ],
            ["orders", "kube-prometheus-stack"],
        );
        const ns = inputs(doc, "kubernetes:core/v1:Namespace", "apps-ns");
        assert.strictEqual((ns.metadata as Record<string, unknown>).name, "orders");
    });

    it("keeps the kubeconfig secret: the provider's input is [secret] in the JSON and the text", () => {
        const doc = JSON.parse(example.stdout) as PreviewResult;
        assert.deepStrictEqual(inputs(doc, "pulumi:providers:kubernetes", "platform-k8s"), {
            enableServerSideApply: "true",
            kubeconfig: "[secret]",
        });
        assert.doesNotMatch(
            example.stdout + text.stdout,
            /eks get-token|certificate-authority-data/,
        );
    });

    it("never shows a secret output's value in plain text, given the plain value", async () => {
        // The platform run's outputs, with a kubeconfig holding a credential, marked secret as the
        // engine marks it: the value must not appear anywhere in the preview or its manifests.
        const token = "k8s-aws-v1.c2VjcmV0LXRva2Vu";
        const platformDoc = JSON.parse(platform.stdout) as PreviewResult;
        const kubeconfig = JSON.stringify({ apiVersion: "v1", users: [{ user: { token } }] });
        const project = resolveProject(path.join(ROOT, EXAMPLE));
        useWorkspaceLibrary();
        const out = path.join(dir, "in-process");
        const { result } = await runPreview({
            root: ROOT,
            stack: loadStackConfig(project.dir, "staging"),
            outDir: out,
            policyConfig: readPackConfig(path.join(ROOT, "policies", "config", "staging.json")),
            project,
            stackOutputs: {
                stack: "staging",
                outputs: { ...platformDoc.outputs, kubeconfig },
                secretOutputNames: ["kubeconfig"],
            },
        });
        assert.strictEqual(result.summary.mandatory, 0);
        const manifests = fs
            .readdirSync(path.join(out, "staging"))
            .map((f) => fs.readFileSync(path.join(out, "staging", f), "utf8"))
            .join("\n");
        assert.strictEqual(JSON.stringify(result).includes(token), false);
        assert.strictEqual(manifests.includes(token), false);
        assert.strictEqual(
            inputs(result, "pulumi:providers:kubernetes", "platform-k8s").kubeconfig,
            "[secret]",
        );
    });

    it("fails with a usage error (exit 2) naming --stack-outputs when the reference has no outputs or another stack's", () => {
        const bare = runTool("preview", [
            "--project",
            EXAMPLE,
            "--stack",
            "staging",
            "--out",
            dir,
            "--quiet",
        ]);
        assert.deepStrictEqual(
            [bare.status, bare.stderr],
            [
                2,
                'error: the program reads stack "organization/supply-chain-platform/staging" through a StackReference; pass --stack-outputs <file>, that stack\'s preview:offline --format json output\n',
            ],
        );
        const production = path.join(dir, "production.json");
        fs.writeFileSync(
            production,
            JSON.stringify({ ...JSON.parse(platform.stdout), stack: "production" }),
        );
        const other = runTool("preview", [
            "--project",
            EXAMPLE,
            "--stack",
            "staging",
            "--stack-outputs",
            production,
            "--out",
            dir,
            "--quiet",
        ]);
        assert.deepStrictEqual(
            [other.status, other.stderr],
            [
                2,
                'error: the program reads stack "organization/supply-chain-platform/staging" through a StackReference, but --stack-outputs holds the outputs of stack "production"\n',
            ],
        );
        const outside = runTool("preview", [
            "--project",
            "examples",
            "--stack",
            "staging",
            "--quiet",
        ]);
        assert.deepStrictEqual(
            [outside.status, outside.stderr],
            [2, "error: --project examples: no Pulumi.yaml in examples\n"],
        );
    });
});
