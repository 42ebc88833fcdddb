/**
 * The deploy smoke test (.github/scripts/smoke-test.sh): read as text for what it must never do (run
 * tools inside service images, address Deployments only), checked against the workload kinds both
 * stacks create, and run with stand-ins for kubectl and pulumi to check how it judges a Rollout.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { stringAt } from "../../lib/kubernetes";
import { POD_KINDS } from "../../lib/kubernetes/pods";
import { evaluatedStack } from "../helpers/stack-evaluation";

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, ".github", "scripts", "smoke-test.sh");
const text = fs.readFileSync(SCRIPT, "utf8");
/** The script's commands, without comments. */
const code = text
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n");

/** How the script lists each workload kind it waits on (the API resource name kubectl takes). */
const LISTED_AS = new Map([
    ["Deployment", "deployments"],
    ["Rollout", "rollouts.argoproj.io"],
]);

describe("deploy smoke test script", () => {
    it("runs nothing inside service images and addresses no Deployment by name", () => {
        assert.doesNotMatch(code, /kubectl[^\n]*\bexec\b/);
        assert.doesNotMatch(code, /\bdeploy(ment)?(\.apps)?\//);
    });

    it("uses `kubectl rollout status` for Deployments only (it does not know Rollouts)", () => {
        const uses = code.match(/rollout status "\$\w+"/g) ?? [];
        assert.deepStrictEqual(uses, ['rollout status "$deployment"']);
        assert.match(
            code,
            /for deployment in \$\(kubectl -n "\$namespace" get deployments -o name\); do\n\s+kubectl -n "\$namespace" rollout status "\$deployment"/,
        );
        assert.match(
            code,
            /for rollout in \$\(kubectl -n "\$namespace" get rollouts\.argoproj\.io -o name\); do\n\s+wait_for_rollout "\$rollout"/,
        );
    });

    for (const stack of ["staging", "production"]) {
        it(`waits on every workload kind the ${stack} stack runs in the app namespace`, async function () {
            this.timeout(300_000);
            const e = await evaluatedStack(stack);
            const kinds = [
                ...new Set(
                    e.recorder.resources
                        .filter(
                            (r) => stringAt(r.inputs, "metadata", "namespace") === "supply-chain",
                        )
                        .map((r) => r.type.split(":").pop()!)
                        .filter((k) => (POD_KINDS as readonly string[]).includes(k))
                        // `pulumi up` itself waits for a Job to complete and fails otherwise
                        // (pulumi-kubernetes batch/v1 Job await): the app role Jobs.
                        .filter((k) => k !== "Job"),
                ),
            ].sort();
            assert.deepStrictEqual(kinds, ["Deployment", "Rollout"]);
            for (const kind of kinds) {
                const listed = LISTED_AS.get(kind);
                assert.ok(listed, `the script has no wait for ${kind}`);
                assert.match(
                    code,
                    new RegExp(
                        `for \\w+ in \\$\\(kubectl -n "\\$namespace" get ${listed.replace(/\./g, "\\.")} -o name\\); do`,
                    ),
                    `${kind}s are listed and waited on`,
                );
            }
        });
    }

    describe("judging a Rollout (stand-ins for kubectl and pulumi)", () => {
        let dir: string;
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-"));
            // kubectl answers from environment variables and logs every call.
            fs.writeFileSync(
                path.join(dir, "kubectl"),
                [
                    "#!/usr/bin/env bash",
                    'echo "$*" >> "$CALLS"',
                    'case "$*" in',
                    '  *"get deployments -o name"*) echo deployment.apps/order ;;',
                    '  *"get rollouts.argoproj.io -o name"*) echo rollout.argoproj.io/inventory ;;',
                    '  *"status.message"*) echo "$ROLLOUT_MESSAGE" ;;',
                    '  *"get rollout.argoproj.io/inventory"*) echo "$ROLLOUT_STATE" ;;',
                    '  *"get services -o name"*) echo service/inventory ;;',
                    '  *"get service/inventory"*) echo "app=inventory," ;;',
                    '  *"get pods"*) echo pod/inventory-1 ;;',
                    "esac",
                ].join("\n"),
                { mode: 0o755 },
            );
            fs.writeFileSync(
                path.join(dir, "pulumi"),
                '#!/usr/bin/env bash\ncase "$*" in *kubeconfig*) echo "{}" ;; *) exit 1 ;; esac\n',
                { mode: 0o755 },
            );
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        const run = (state: string) => {
            const calls = path.join(dir, `calls-${Math.random()}`);
            const r = spawnSync("bash", [SCRIPT, "staging"], {
                encoding: "utf8",
                env: {
                    PATH: `${dir}:${process.env.PATH}`,
                    PULUMI_STACK: "org/staging",
                    SMOKE_TIMEOUT_SECONDS: "0",
                    CALLS: calls,
                    ROLLOUT_STATE: state,
                    ROLLOUT_MESSAGE: "RolloutAborted: Rollout aborted update to revision 2",
                },
            });
            return { ...r, calls: fs.readFileSync(calls, "utf8").trim().split("\n") };
        };

        it("passes a Healthy Rollout and checks the readiness of the pods its Service selects", () => {
            const r = run("3|3|Healthy|5f9c|5f9c|True");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /rollout.argoproj.io\/inventory is Healthy \(stable 5f9c\)/);
            assert.ok(
                r.calls.includes(
                    "-n supply-chain wait pods -l app=inventory --field-selector=status.phase=Running --for=condition=Ready --timeout=0s",
                ),
                r.calls.join("\n"),
            );
        });

        it("passes a release in progress while the stable ReplicaSet serves", () => {
            const r = run("4|4|Paused|5f9c|7d2a|True");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(
                r.stdout,
                /rollout.argoproj.io\/inventory is releasing 7d2a \(Paused\); stable 5f9c serves/,
            );
        });

        it("fails a Degraded Rollout with Argo Rollouts' message", () => {
            const r = run("4|4|Degraded|5f9c|7d2a|True");
            assert.strictEqual(r.status, 1);
            assert.strictEqual(
                r.stderr.trim(),
                "rollout.argoproj.io/inventory is Degraded: RolloutAborted: Rollout aborted update to revision 2",
            );
        });

        it("fails a Rollout whose current spec Argo Rollouts has not observed in time", () => {
            const r = run("5|4|Healthy|5f9c|5f9c|True");
            assert.strictEqual(r.status, 1);
            assert.strictEqual(
                r.stderr.trim(),
                "rollout.argoproj.io/inventory did not roll out within 0s: generation 5, observed '4', phase 'Healthy', stable '5f9c', current '5f9c', available 'True'",
            );
        });

        it("fails the first rollout of a Rollout that is not yet available", () => {
            const r = run("1|1|Progressing|||False");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /did not roll out within 0s/);
        });
    });
});
