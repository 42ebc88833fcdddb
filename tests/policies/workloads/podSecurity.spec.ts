/**
 * The Pod Security Standards guardrails: privileged, host namespaces, hostPath, host ports, non-root,
 * privilege escalation, capabilities, seccomp and read-only root filesystem.
 */
import * as assert from "assert";

import { disallowHostNamespaces } from "../../../policies/workloads/disallowHostNamespaces";
import { disallowHostPath } from "../../../policies/workloads/disallowHostPath";
import { disallowHostPorts } from "../../../policies/workloads/disallowHostPorts";
import { disallowPrivileged } from "../../../policies/workloads/disallowPrivileged";
import { disallowPrivilegeEscalation } from "../../../policies/workloads/disallowPrivilegeEscalation";
import { requireDropAllCapabilities } from "../../../policies/workloads/requireDropAllCapabilities";
import { requireReadOnlyRootFilesystem } from "../../../policies/workloads/requireReadOnlyRootFilesystem";
import { requireRunAsNonRoot } from "../../../policies/workloads/requireRunAsNonRoot";
import { requireSeccomp } from "../../../policies/workloads/requireSeccomp";
import { at, listAt, Plain } from "../../helpers/edit";
import { compliantDeployment, containerOf, DEPLOYMENT, podSpecOf } from "../../helpers/fixtures";
import { policyCases, runResourcePolicy } from "../../helpers/policy";

const D = "Deployment 'supply-chain/inventory'";
const C = "container 'inventory'";
const P = "spec.template.spec.containers[0]";
const sc = (d: Plain) => at(containerOf(d), "securityContext");

describe("workloads-disallow-privileged", () => {
    policyCases(disallowPrivileged, DEPLOYMENT, compliantDeployment, [
        {
            name: "a container is privileged",
            mutate: (d) => (sc(d).privileged = true),
            expected: [
                `${D} ${C} runs privileged (${P}.securityContext.privileged=true); set it to false.`,
            ],
        },
        {
            name: "an init container is privileged",
            mutate: (d) =>
                (podSpecOf(d).initContainers = [
                    { name: "setup", securityContext: { privileged: true } },
                ]),
            expected: [
                `${D} init container 'setup' runs privileged (spec.template.spec.initContainers[0].securityContext.privileged=true); set it to false.`,
            ],
        },
    ]);
});

describe("workloads-disallow-host-namespaces", () => {
    policyCases(disallowHostNamespaces, DEPLOYMENT, compliantDeployment, [
        {
            name: "hostNetwork is set",
            mutate: (d) => (podSpecOf(d).hostNetwork = true),
            expected: [
                `${D} shares the node's namespace (spec.template.spec.hostNetwork=true); set it to false.`,
            ],
        },
        {
            name: "hostPID and hostIPC are set",
            mutate: (d) => Object.assign(podSpecOf(d), { hostPID: true, hostIPC: true }),
            expected: [
                `${D} shares the node's namespace (spec.template.spec.hostPID=true); set it to false.`,
                `${D} shares the node's namespace (spec.template.spec.hostIPC=true); set it to false.`,
            ],
        },
    ]);
});

describe("workloads-disallow-host-path", () => {
    policyCases(disallowHostPath, DEPLOYMENT, compliantDeployment, [
        {
            name: "a hostPath volume is mounted",
            mutate: (d) =>
                (podSpecOf(d).volumes = [
                    { name: "tmp", emptyDir: {} },
                    { name: "root", hostPath: { path: "/" } },
                ]),
            expected: [
                `${D} mounts the node path "/" (spec.template.spec.volumes[1].hostPath, volume 'root'); use emptyDir, a ConfigMap or a PVC.`,
            ],
        },
        {
            name: "the docker socket is mounted",
            mutate: (d) =>
                (podSpecOf(d).volumes = [
                    { name: "sock", hostPath: { path: "/var/run/docker.sock" } },
                ]),
            expected: [
                `${D} mounts the node path "/var/run/docker.sock" (spec.template.spec.volumes[0].hostPath, volume 'sock'); use emptyDir, a ConfigMap or a PVC.`,
            ],
        },
    ]);
});

describe("workloads-disallow-host-ports", () => {
    policyCases(disallowHostPorts, DEPLOYMENT, compliantDeployment, [
        {
            name: "a port binds the node",
            mutate: (d) => (at(containerOf(d), "ports", 0).hostPort = 8080),
            expected: [
                `${D} ${C} binds node port 8080 (${P}.ports[0].hostPort); remove it and use a Service.`,
            ],
        },
        {
            name: "a second port binds the node",
            mutate: (d) =>
                listAt(containerOf(d), "ports").push({
                    name: "grpc",
                    containerPort: 9090,
                    hostPort: 9090,
                }),
            expected: [
                `${D} ${C} binds node port 9090 (${P}.ports[1].hostPort); remove it and use a Service.`,
            ],
        },
    ]);
});

describe("workloads-require-run-as-non-root", () => {
    policyCases(requireRunAsNonRoot, DEPLOYMENT, compliantDeployment, [
        {
            name: "runAsNonRoot is unset everywhere",
            mutate: (d) => delete at(podSpecOf(d), "securityContext").runAsNonRoot,
            expected: [
                `${D} ${C} may run as root: runAsNonRoot is not true at ${P}.securityContext or spec.template.spec.securityContext; set runAsNonRoot=true.`,
            ],
        },
        {
            name: "a container overrides it with false",
            mutate: (d) => (sc(d).runAsNonRoot = false),
            expected: [
                `${D} ${C} may run as root: runAsNonRoot is not true at ${P}.securityContext or spec.template.spec.securityContext; set runAsNonRoot=true.`,
            ],
        },
    ]);
});

describe("workloads-disallow-privilege-escalation", () => {
    policyCases(disallowPrivilegeEscalation, DEPLOYMENT, compliantDeployment, [
        {
            name: "it is unset",
            mutate: (d) => delete sc(d).allowPrivilegeEscalation,
            expected: [
                `${D} ${C} allows privilege escalation (${P}.securityContext.allowPrivilegeEscalation is "unset"); set it to false.`,
            ],
        },
        {
            name: "it is true",
            mutate: (d) => (sc(d).allowPrivilegeEscalation = true),
            expected: [
                `${D} ${C} allows privilege escalation (${P}.securityContext.allowPrivilegeEscalation is true); set it to false.`,
            ],
        },
    ]);
});

describe("workloads-require-drop-all-capabilities", () => {
    policyCases(requireDropAllCapabilities, DEPLOYMENT, compliantDeployment, [
        {
            name: "nothing is dropped",
            mutate: (d) => delete sc(d).capabilities,
            expected: [
                `${D} ${C} does not drop ALL capabilities (${P}.securityContext.capabilities.drop is []); set drop: [ALL].`,
            ],
        },
        {
            name: "NET_ADMIN is added back",
            mutate: (d) => (at(sc(d), "capabilities").add = ["NET_ADMIN", "NET_BIND_SERVICE"]),
            expected: [
                `${D} ${C} adds capability NET_ADMIN (${P}.securityContext.capabilities.add); only NET_BIND_SERVICE may be added.`,
            ],
        },
        {
            name: "only some capabilities are dropped",
            mutate: (d) => (at(sc(d), "capabilities").drop = ["NET_RAW"]),
            expected: [
                `${D} ${C} does not drop ALL capabilities (${P}.securityContext.capabilities.drop is ["NET_RAW"]); set drop: [ALL].`,
            ],
        },
    ]);

    it("accepts a configured extra capability", async () => {
        const d = compliantDeployment();
        at(sc(d), "capabilities").add = ["SYS_PTRACE"];
        assert.deepStrictEqual(
            await runResourcePolicy(requireDropAllCapabilities, DEPLOYMENT, d, {
                allowedCapabilities: ["SYS_PTRACE"],
            }),
            [],
        );
    });
});

describe("workloads-require-seccomp", () => {
    policyCases(requireSeccomp, DEPLOYMENT, compliantDeployment, [
        {
            name: "no profile is set",
            mutate: (d) => delete at(podSpecOf(d), "securityContext").seccompProfile,
            expected: [
                `${D} ${C} has seccomp profile "unset" (spec.template.spec.securityContext.seccompProfile.type); use RuntimeDefault.`,
            ],
        },
        {
            name: "a container is Unconfined",
            mutate: (d) => (sc(d).seccompProfile = { type: "Unconfined" }),
            expected: [
                `${D} ${C} has seccomp profile "Unconfined" (spec.template.spec.securityContext.seccompProfile.type); use RuntimeDefault.`,
            ],
        },
    ]);
});

describe("workloads-require-read-only-root-filesystem", () => {
    policyCases(requireReadOnlyRootFilesystem, DEPLOYMENT, compliantDeployment, [
        {
            name: "it is unset",
            mutate: (d) => delete sc(d).readOnlyRootFilesystem,
            expected: [
                `${D} ${C} has a writable root filesystem (${P}.securityContext.readOnlyRootFilesystem is "unset"); set it to true and mount an emptyDir for scratch space.`,
            ],
        },
        {
            name: "it is false",
            mutate: (d) => (sc(d).readOnlyRootFilesystem = false),
            expected: [
                `${D} ${C} has a writable root filesystem (${P}.securityContext.readOnlyRootFilesystem is false); set it to true and mount an emptyDir for scratch space.`,
            ],
        },
    ]);
});
