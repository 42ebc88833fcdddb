/**
 * End to end: a sample of the config refusals stops `preview:offline` with exit 2, one line per problem
 * on stderr naming the key, nothing on stdout and no manifest rendered.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ROOT, Run, runTool } from "./cli";

const P = "supply-chain-platform";

describe("preview:offline refuses bad config (end to end)", function () {
    this.timeout(120_000);
    const staging = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");
    const preview = (text: string): { run: Run; file: string; out: string } => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "refusal-"));
        const file = path.join(dir, "Pulumi.broken.yaml");
        fs.writeFileSync(file, text);
        const out = path.join(dir, "out");
        return {
            run: runTool("preview", ["--stack", "staging", "--config", file, "--out", out]),
            file,
            out,
        };
    };

    it("exits 2 listing each refused key (plain secret, escalating IAM, foreign zone, Istio port, zero timeout), rendering nothing", () => {
        const broken = staging
            .replace(
                "        LOG_LEVEL: DEBUG\n",
                "        LOG_LEVEL: DEBUG\n        DB_PASSWORD: hunter2hunter2\n",
            )
            .replace(
                "- actions: [sqs:SendMessage, sqs:GetQueueAttributes]",
                "- actions: [sqs:SendMessage, iam:PassRole]",
            )
            .replace(
                "availabilityZones: [us-west-2a, us-west-2b]",
                "availabilityZones: [us-west-2a, eu-west-1b]",
            )
            .replace(
                "      replicas: 2\n      resources:\n        requests: { cpu: 100m, memory: 128Mi }\n        limits: { cpu: 250m, memory: 256Mi }\n      callers: [shipping]",
                "      replicas: 2\n      ports: { http: 15006 }\n      resources:\n        requests: { cpu: 100m, memory: 128Mi }\n        limits: { cpu: 250m, memory: 256Mi }\n      callers: [shipping]",
            )
            .replace(
                "          ml-prediction: { methods: [GET, POST, PUT] }\n",
                "          ml-prediction: { methods: [GET, POST, PUT] }\n        timeout: 0s\n",
            );
        const { run, out } = preview(broken);
        assert.deepStrictEqual(
            [run.status, run.stdout, run.stderr.split("\n")],
            [
                2,
                "",
                [
                    `error: ${P}:services.order.ports.http must not be in 15000-15090 (ports the Istio sidecar uses in every pod), got 15006`,
                    `${P}:services.order.iam.statements[0].actions[1] must not match a privilege-escalation action (it can match iam:PassRole, which changes IAM identities, credentials or policies), unless iam.allow.actions lists it with a reason, got "iam:PassRole"`,
                    `${P}:mesh.services.inventory.timeout must be at least 1ms (Istio refuses shorter durations, and Envoy would read a zero timeout as no timeout), like 500ms, 1.5s or 1h30m, got "0s"`,
                    `${P}:services.inventory.config.DB_PASSWORD looks like a secret (its name says PASSWORD): config values land in a ConfigMap in plain text; move it to services.inventory.secrets (a Secrets Manager reference), got a value of 14 characters (not shown)`,
                    `${P}:cluster.vpc.availabilityZones[1] must be a zone of the stack's region us-west-2 (aws:region), like us-west-2a, got "eu-west-1b"`,
                    "",
                ],
            ],
        );
        assert.doesNotMatch(run.stderr, /hunter2/);
        assert.strictEqual(fs.existsSync(out), false, "no manifest directory is written");
    });

    it("exits 2 for an empty stack file, saying what it should look like", () => {
        const { run, file, out } = preview("");
        assert.deepStrictEqual(
            [run.status, run.stdout, run.stderr],
            [
                2,
                "",
                `error: ${file} is empty; a stack file is a YAML map with a config: map inside, e.g.\n  config:\n    aws:region: us-west-2\n    <project>:environment: staging\n`,
            ],
        );
        assert.strictEqual(fs.existsSync(out), false);
    });
});
