import * as assert from "assert";

import { requireResourceLimits } from "../../../policies/workloads/requireResourceLimits";
import { at } from "../../helpers/edit";
import {
    compliantCronJob,
    compliantDeployment,
    containerOf,
    CRONJOB,
    DEPLOYMENT,
    POD,
    podSpecOf,
} from "../../helpers/fixtures";
import { policyCases, runResourcePolicy, UNKNOWN } from "../../helpers/policy";

const D = "Deployment 'supply-chain/inventory'";
const P = "spec.template.spec.containers[0]";

describe("workloads-require-resource-limits", () => {
    policyCases(requireResourceLimits, DEPLOYMENT, compliantDeployment, [
        {
            name: "limits.cpu is missing",
            mutate: (d) => delete at(containerOf(d), "resources", "limits").cpu,
            expected: [
                `${D} container 'inventory' has no ${P}.resources.limits.cpu; set cpu and memory requests and limits.`,
            ],
        },
        {
            name: "resources are missing entirely",
            mutate: (d) => delete containerOf(d).resources,
            expected: ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"].map(
                (f) =>
                    `${D} container 'inventory' has no ${P}.resources.${f}; set cpu and memory requests and limits.`,
            ),
        },
        {
            name: "the memory limit is below the request (quantities parsed: 200Mi < 0.25Gi)",
            mutate: (d) =>
                (containerOf(d).resources = {
                    requests: { cpu: "250m", memory: "0.25Gi" },
                    limits: { cpu: "1", memory: "200Mi" },
                }),
            expected: [
                `${D} container 'inventory' ${P}.resources.limits.memory (200Mi) is below requests.memory (0.25Gi); raise the limit to at least the request.`,
            ],
        },
        {
            name: "the cpu limit exceeds the default maximum of 4",
            mutate: (d) => (at(containerOf(d), "resources", "limits").cpu = "4500m"),
            expected: [
                `${D} container 'inventory' ${P}.resources.limits.cpu (4500m) exceeds the maximum 4; lower it or split the workload.`,
            ],
        },
        {
            name: "an init container has no limits",
            mutate: (d) =>
                (podSpecOf(d).initContainers = [
                    {
                        name: "migrate",
                        image: "m:1",
                        resources: { requests: { cpu: "100m", memory: "64Mi" } },
                    },
                ]),
            expected: ["cpu", "memory"].map(
                (r) =>
                    `${D} init container 'migrate' has no spec.template.spec.initContainers[0].resources.limits.${r}; set cpu and memory requests and limits.`,
            ),
        },
        {
            name: "an ephemeral container has no resources",
            mutate: (d) =>
                (podSpecOf(d).ephemeralContainers = [
                    {
                        name: "debug",
                        image: "busybox:1.36",
                        resources: {
                            requests: { cpu: "10m", memory: "8Mi" },
                            limits: { cpu: "10m" },
                        },
                    },
                ]),
            expected: [
                `${D} ephemeral container 'debug' has no spec.template.spec.ephemeralContainers[0].resources.limits.memory; set cpu and memory requests and limits.`,
            ],
        },
        {
            name: "a quantity is malformed",
            mutate: (d) => (at(containerOf(d), "resources", "limits").memory = "512MB"),
            expected: [
                `${D} container 'inventory' ${P}.resources.limits.memory is "512MB", not a Kubernetes quantity (e.g. 500m, 1, 256Mi).`,
            ],
        },
        {
            name: "the memory limit exceeds a configured maximum",
            config: { maxMemory: "256Mi" },
            mutate: () => undefined,
            expected: [
                `${D} container 'inventory' ${P}.resources.limits.memory (512Mi) exceeds the maximum 256Mi; lower it or split the workload.`,
            ],
        },
    ]);

    it("accepts a missing cpu limit when requireCpuLimit is false", async () => {
        const d = compliantDeployment();
        delete at(containerOf(d), "resources", "limits").cpu;
        assert.deepStrictEqual(
            await runResourcePolicy(requireResourceLimits, DEPLOYMENT, d, {
                requireCpuLimit: false,
            }),
            [],
        );
    });

    it("checks CronJobs through the job template, in any API version", async () => {
        const cj = compliantCronJob();
        delete at(
            cj,
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "spec",
            "containers",
            0,
            "resources",
            "requests",
        ).memory;
        assert.deepStrictEqual(
            await runResourcePolicy(requireResourceLimits, "kubernetes:batch/v1beta1:CronJob", cj),
            [
                "CronJob 'supply-chain/report' container 'report' has no spec.jobTemplate.spec.template.spec.containers[0].resources.requests.memory; set cpu and memory requests and limits.",
            ],
        );
        assert.deepStrictEqual(
            await runResourcePolicy(requireResourceLimits, CRONJOB, compliantCronJob()),
            [],
        );
    });

    it("checks bare Pods", async () => {
        const pod = {
            metadata: { name: "p" },
            spec: { containers: [{ name: "c", image: "x:1" }] },
        };
        assert.strictEqual(
            ((await runResourcePolicy(requireResourceLimits, POD, pod)) as string[]).length,
            4,
        );
    });

    it("does not apply to Services", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(requireResourceLimits, "kubernetes:core/v1:Service", {
                spec: {},
            }),
            { notApplicable: "not checked for kubernetes:core/v1:Service" },
        );
    });

    it("cannot decide during preview when a limit is unknown", async () => {
        const d = compliantDeployment();
        at(containerOf(d), "resources", "limits").cpu = UNKNOWN;
        const result = await runResourcePolicy(requireResourceLimits, DEPLOYMENT, d);
        assert.ok(
            "unknown" in result,
            "an unknown value surfaces as UnknownValueError (advisory in the server)",
        );
    });
});
