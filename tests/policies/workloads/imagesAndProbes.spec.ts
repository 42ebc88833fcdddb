import * as assert from "assert";

import { disallowLatestTag } from "../../../policies/workloads/disallowLatestTag";
import { imageTag } from "../../../lib/kubernetes";
import { requireProbes } from "../../../policies/workloads/requireProbes";
import {
    compliantCronJob,
    compliantDeployment,
    containerOf,
    CRONJOB,
    DEPLOYMENT,
    podSpecOf,
} from "../../helpers/fixtures";
import { policyCases, runResourcePolicy } from "../../helpers/policy";

const D = "Deployment 'supply-chain/inventory'";
const C = "container 'inventory'";
const P = "spec.template.spec.containers[0]";

describe("workloads-disallow-latest-tag", () => {
    policyCases(disallowLatestTag, DEPLOYMENT, compliantDeployment, [
        {
            name: "the image uses latest",
            mutate: (d) => (containerOf(d).image = "registry.example.com/inventory:latest"),
            expected: [
                `${D} ${C} ${P}.image "registry.example.com/inventory:latest" uses the latest tag; pin a version tag or a digest.`,
            ],
        },
        {
            name: "the image is untagged (registry with a port)",
            mutate: (d) => (containerOf(d).image = "registry:5000/inventory"),
            expected: [
                `${D} ${C} ${P}.image "registry:5000/inventory" has no tag (it means latest); pin a version tag or a digest.`,
            ],
        },
        {
            name: "the image is missing",
            mutate: (d) => delete containerOf(d).image,
            expected: [`${D} ${C} has no ${P}.image; set a pinned image.`],
        },
    ]);

    it("accepts digests", () => {
        assert.deepStrictEqual(imageTag("registry:5000/app@sha256:abc"), {
            tag: undefined,
            digest: true,
        });
        assert.deepStrictEqual(imageTag("app:v1@sha256:abc"), { tag: "v1", digest: true });
    });
});

describe("workloads-require-probes", () => {
    policyCases(requireProbes, DEPLOYMENT, compliantDeployment, [
        {
            name: "the readiness probe is missing",
            mutate: (d) => delete containerOf(d).readinessProbe,
            expected: [
                `${D} ${C} has no ${P}.readinessProbe; add one so traffic and restarts follow the container's health.`,
            ],
        },
        {
            name: "both probes are missing",
            mutate: (d) => {
                delete containerOf(d).readinessProbe;
                delete containerOf(d).livenessProbe;
            },
            expected: ["readinessProbe", "livenessProbe"].map(
                (p) =>
                    `${D} ${C} has no ${P}.${p}; add one so traffic and restarts follow the container's health.`,
            ),
        },
    ]);

    it("does not apply to CronJobs", async () => {
        assert.ok(
            "notApplicable" in
                (await runResourcePolicy(requireProbes, CRONJOB, compliantCronJob())),
        );
    });

    it("does not require probes on init containers", async () => {
        const d = compliantDeployment();
        podSpecOf(d).initContainers = [{ name: "migrate", image: "m:1" }];
        assert.deepStrictEqual(await runResourcePolicy(requireProbes, DEPLOYMENT, d), []);
    });
});
