import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import { validateMicroserviceArgs } from "../../../components/microservice";
import { onPlatform, ServiceCase } from "../../helpers/platform";
import { minimalService as minimal } from "../../helpers/fixtures";

describe("Microservice validation", () => {
    describe("validateMicroserviceArgs", () => {
        const p = {} as k8s.Provider;
        const cases: [string, Partial<ServiceCase>, string][] = [
            [
                "the image uses latest",
                { image: "registry.example.com/inventory:latest" },
                "Microservice 'svc': `image` must pin a version tag other than latest, or a digest, got \"registry.example.com/inventory:latest\"",
            ],
            [
                "the image is untagged",
                { image: "registry.example.com/inventory" },
                "Microservice 'svc': `image` must pin a version tag other than latest, or a digest, got \"registry.example.com/inventory\"",
            ],
            [
                "maxReplicas is below minReplicas",
                { replicas: undefined, autoscaling: { minReplicas: 3, maxReplicas: 2 } },
                "Microservice 'svc': `autoscaling.maxReplicas` must be >= minReplicas (3), got 2",
            ],
            [
                "replicas and autoscaling are both set",
                { replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 4 } },
                "Microservice 'svc': `replicas` must not be set together with autoscaling, got 2",
            ],
            [
                "the memory limit is below the request",
                {
                    resources: {
                        requests: { cpu: "1", memory: "1Gi" },
                        limits: { cpu: "1", memory: "512Mi" },
                    },
                },
                "Microservice 'svc': `resources.limits.memory` must be a quantity >= requests.memory (1Gi), got \"512Mi\"",
            ],
            [
                "secrets are declared without Secrets Manager",
                { secrets: { A: { key: "a" } } },
                "Microservice 'svc': `platform.secretsManager` must be given when secrets are declared (install the External Secrets add-on), got undefined",
            ],
            [
                "the preStop delay outlasts the grace period",
                { preStopSleepSeconds: 30 },
                "Microservice 'svc': `preStopSleepSeconds` must be below terminationGracePeriodSeconds (30), got 30",
            ],
        ];
        for (const [name, patch, message] of cases) {
            it(`fails when ${name}`, () => {
                assert.throws(
                    () => validateMicroserviceArgs("svc", onPlatform({ ...minimal(p), ...patch })),
                    {
                        message,
                    },
                );
            });
        }
    });
});
