/**
 * The Pod Security Standards controls completed by this pack: HostProcess, AppArmor, SELinux, /proc
 * mount type, sysctls (baseline) and volume types, root user (restricted). Every restricted field path
 * fails (pod level, container, init and ephemeral container, annotations) and every allowed value passes.
 */
import * as assert from "assert";

import type { ResourceValidationPolicy } from "@pulumi/policy";

import { disallowHostProcess } from "../../../policies/workloads/disallowHostProcess";
import { disallowRootUser } from "../../../policies/workloads/disallowRootUser";
import { requireDefaultProcMount } from "../../../policies/workloads/requireDefaultProcMount";
import { restrictAppArmor } from "../../../policies/workloads/restrictAppArmor";
import { restrictSelinux } from "../../../policies/workloads/restrictSelinux";
import { restrictSysctls, SAFE_SYSCTLS } from "../../../policies/workloads/restrictSysctls";
import {
    RESTRICTED_VOLUME_TYPES,
    restrictVolumeTypes,
} from "../../../policies/workloads/restrictVolumeTypes";
import { at, Plain } from "../../helpers/edit";
import {
    compliantCronJob,
    compliantDeployment,
    compliantPodSpec,
    CRONJOB,
    DEPLOYMENT,
    POD,
    podSpecOf,
} from "../../helpers/fixtures";
import { policyCases, runResourcePolicy } from "../../helpers/policy";

type Obj = Plain;

const D = "Deployment 'supply-chain/inventory'";
const C = "container 'inventory'";
const S = "spec.template.spec";
const P = `${S}.containers[0]`;
const spec = podSpecOf;
/** The pod's securityContext. */
const podSc = (d: Obj) => at(spec(d), "securityContext");
/** The first container's securityContext. */
const sc = (d: Obj) => at(spec(d), "containers", 0, "securityContext");
/** Adds an init container and an ephemeral container carrying `securityContext`. */
const extraContainers = (d: Obj, securityContext: Obj) =>
    Object.assign(spec(d), {
        initContainers: [{ name: "setup", image: "busybox:1.36", securityContext }],
        ephemeralContainers: [{ name: "debug", image: "busybox:1.36", securityContext }],
    });

/** Each mutation leaves the fixture compliant. */
function passes(policy: ResourceValidationPolicy, cases: Record<string, (d: Obj) => void>) {
    for (const [name, mutate] of Object.entries(cases)) {
        it(`passes when ${name}`, async () => {
            const d = compliantDeployment();
            mutate(d);
            assert.deepStrictEqual(await runResourcePolicy(policy, DEPLOYMENT, d), []);
        });
    }
}

describe("workloads-disallow-host-process", () => {
    const msg = (who: string, path: string) =>
        `${who} runs as a Windows HostProcess with full access to the node (${path}.windowsOptions.hostProcess=true); remove it.`;
    policyCases(disallowHostProcess, DEPLOYMENT, compliantDeployment, [
        {
            name: "the pod is a HostProcess pod",
            mutate: (d) => (podSc(d).windowsOptions = { hostProcess: true }),
            expected: [msg(D, `${S}.securityContext`)],
        },
        {
            name: "a container, an init and an ephemeral container are HostProcess",
            mutate: (d) => {
                sc(d).windowsOptions = { hostProcess: true };
                extraContainers(d, { windowsOptions: { hostProcess: true } });
            },
            expected: [
                msg(`${D} ${C}`, `${P}.securityContext`),
                msg(`${D} init container 'setup'`, `${S}.initContainers[0].securityContext`),
                msg(
                    `${D} ephemeral container 'debug'`,
                    `${S}.ephemeralContainers[0].securityContext`,
                ),
            ],
        },
    ]);
    passes(disallowHostProcess, {
        "hostProcess is false": (d) => (sc(d).windowsOptions = { hostProcess: false }),
        "other Windows options are set": (d) =>
            (podSc(d).windowsOptions = { runAsUserName: "app" }),
    });
});

describe("workloads-restrict-apparmor", () => {
    const ann = "container.apparmor.security.beta.kubernetes.io/inventory";
    policyCases(restrictAppArmor, DEPLOYMENT, compliantDeployment, [
        {
            name: "the pod is Unconfined",
            mutate: (d) => (podSc(d).appArmorProfile = { type: "Unconfined" }),
            expected: [
                `${D} sets AppArmor profile type "Unconfined" (${S}.securityContext.appArmorProfile.type); use RuntimeDefault or Localhost.`,
            ],
        },
        {
            name: "a container and an ephemeral container are Unconfined",
            mutate: (d) => {
                sc(d).appArmorProfile = { type: "Unconfined" };
                extraContainers(d, { appArmorProfile: { type: "Unconfined" } });
            },
            expected: [
                `${D} ${C} sets AppArmor profile type "Unconfined" (${P}.securityContext.appArmorProfile.type); use RuntimeDefault or Localhost.`,
                `${D} init container 'setup' sets AppArmor profile type "Unconfined" (${S}.initContainers[0].securityContext.appArmorProfile.type); use RuntimeDefault or Localhost.`,
                `${D} ephemeral container 'debug' sets AppArmor profile type "Unconfined" (${S}.ephemeralContainers[0].securityContext.appArmorProfile.type); use RuntimeDefault or Localhost.`,
            ],
        },
        {
            name: "the annotation disables AppArmor",
            mutate: (d) =>
                (at(d, "spec", "template", "metadata").annotations = { [ann]: "unconfined" }),
            expected: [
                `${D} sets AppArmor profile "unconfined" for container 'inventory' (spec.template.metadata.annotations['${ann}']); use runtime/default or localhost/<profile>.`,
            ],
        },
    ]);
    passes(restrictAppArmor, {
        "the type is RuntimeDefault": (d) => (sc(d).appArmorProfile = { type: "RuntimeDefault" }),
        "the type is Localhost": (d) =>
            (podSc(d).appArmorProfile = {
                type: "Localhost",
                localhostProfile: "k8s-apparmor-example",
            }),
        "the annotation is runtime/default": (d) =>
            (at(d, "spec", "template", "metadata").annotations = { [ann]: "runtime/default" }),
        "the annotation is localhost/<profile>": (d) =>
            (at(d, "spec", "template", "metadata").annotations = {
                [ann]: "localhost/k8s-apparmor-example",
            }),
        "the annotation is empty": (d) =>
            (at(d, "spec", "template", "metadata").annotations = { [ann]: "" }),
    });
    it("reads a Pod's own annotations", async () => {
        const pod = {
            metadata: { name: "p", annotations: { [ann]: "unconfined" } },
            spec: compliantPodSpec(),
        };
        assert.deepStrictEqual(await runResourcePolicy(restrictAppArmor, POD, pod), [
            `Pod 'p' sets AppArmor profile "unconfined" for container 'inventory' (metadata.annotations['${ann}']); use runtime/default or localhost/<profile>.`,
        ]);
    });
});

describe("workloads-restrict-selinux", () => {
    policyCases(restrictSelinux, DEPLOYMENT, compliantDeployment, [
        {
            name: "the pod asks for spc_t",
            mutate: (d) => (podSc(d).seLinuxOptions = { type: "spc_t" }),
            expected: [
                `${D} sets SELinux type "spc_t" (${S}.securityContext.seLinuxOptions.type); allowed: container_t, container_init_t, container_kvm_t, container_engine_t or unset.`,
            ],
        },
        {
            name: "containers set a custom user and role",
            mutate: (d) => {
                sc(d).seLinuxOptions = { user: "system_u" };
                extraContainers(d, { seLinuxOptions: { role: "system_r" } });
            },
            expected: [
                `${D} ${C} sets a custom SELinux user "system_u" (${P}.securityContext.seLinuxOptions.user); remove it.`,
                `${D} init container 'setup' sets a custom SELinux role "system_r" (${S}.initContainers[0].securityContext.seLinuxOptions.role); remove it.`,
                `${D} ephemeral container 'debug' sets a custom SELinux role "system_r" (${S}.ephemeralContainers[0].securityContext.seLinuxOptions.role); remove it.`,
            ],
        },
    ]);
    passes(restrictSelinux, {
        "the type is container_t with a level": (d) =>
            (sc(d).seLinuxOptions = { type: "container_t", level: "s0:c123,c456" }),
        "the type is container_init_t": (d) =>
            (podSc(d).seLinuxOptions = { type: "container_init_t" }),
        "the type is container_kvm_t": (d) => (sc(d).seLinuxOptions = { type: "container_kvm_t" }),
        "the type is container_engine_t": (d) =>
            (sc(d).seLinuxOptions = { type: "container_engine_t" }),
        "user and role are empty": (d) => (sc(d).seLinuxOptions = { user: "", role: "", type: "" }),
    });
});

describe("workloads-require-default-proc-mount", () => {
    const msg = (who: string, path: string) =>
        `${who} unmasks /proc (${path}.securityContext.procMount="Unmasked"); remove it or use Default.`;
    policyCases(requireDefaultProcMount, DEPLOYMENT, compliantDeployment, [
        {
            name: "a container unmasks /proc",
            mutate: (d) => (sc(d).procMount = "Unmasked"),
            expected: [msg(`${D} ${C}`, P)],
        },
        {
            name: "an init and an ephemeral container unmask /proc",
            mutate: (d) => extraContainers(d, { procMount: "Unmasked" }),
            expected: [
                msg(`${D} init container 'setup'`, `${S}.initContainers[0]`),
                msg(`${D} ephemeral container 'debug'`, `${S}.ephemeralContainers[0]`),
            ],
        },
    ]);
    passes(requireDefaultProcMount, {
        "procMount is Default": (d) => (sc(d).procMount = "Default"),
    });
});

describe("workloads-restrict-sysctls", () => {
    policyCases(restrictSysctls, DEPLOYMENT, compliantDeployment, [
        {
            name: "the pod sets kernel.msgmax",
            mutate: (d) =>
                (podSc(d).sysctls = [
                    { name: "net.ipv4.tcp_syncookies", value: "1" },
                    { name: "kernel.msgmax", value: "65536" },
                ]),
            expected: [
                `${D} sets the unsafe sysctl "kernel.msgmax" (${S}.securityContext.sysctls[1].name); allowed: ${SAFE_SYSCTLS.join(", ")}.`,
            ],
        },
    ]);
    passes(restrictSysctls, {
        "every safe sysctl is set": (d) =>
            (podSc(d).sysctls = SAFE_SYSCTLS.map((name) => ({ name, value: "1" }))),
    });
});

describe("workloads-restrict-volume-types", () => {
    const allowed = RESTRICTED_VOLUME_TYPES.join(", ");
    policyCases(restrictVolumeTypes, DEPLOYMENT, compliantDeployment, [
        {
            name: "a hostPath and an nfs volume are mounted",
            mutate: (d) =>
                (spec(d).volumes = [
                    { name: "tmp", emptyDir: {} },
                    { name: "logs", hostPath: { path: "/var/log" } },
                    { name: "share", nfs: { server: "nfs.internal", path: "/exports" } },
                ]),
            expected: [
                `${D} uses volume 'logs' of type hostPath (${S}.volumes[1]); allowed: ${allowed}.`,
                `${D} uses volume 'share' of type nfs (${S}.volumes[2]); allowed: ${allowed}.`,
            ],
        },
        {
            name: "an image volume or a volume without a source is declared",
            mutate: (d) =>
                (spec(d).volumes = [
                    { name: "model", image: { reference: "registry.example.com/model:v1" } },
                    { name: "empty" },
                ]),
            expected: [
                `${D} uses volume 'model' of type image (${S}.volumes[0]); allowed: ${allowed}.`,
                `${D} uses volume 'empty' of type no source (${S}.volumes[1]); allowed: ${allowed}.`,
            ],
        },
    ]);
    passes(restrictVolumeTypes, {
        "every allowed type is used": (d) =>
            (spec(d).volumes = RESTRICTED_VOLUME_TYPES.map((type) => ({ name: type, [type]: {} }))),
    });
});

describe("workloads-disallow-root-user", () => {
    policyCases(disallowRootUser, DEPLOYMENT, compliantDeployment, [
        {
            name: "the pod runs as uid 0",
            mutate: (d) => (podSc(d).runAsUser = 0),
            expected: [
                `${D} runs as user 0 (${S}.securityContext.runAsUser=0); use a non-zero uid.`,
            ],
        },
        {
            name: "a container, an init and an ephemeral container run as uid 0",
            mutate: (d) => {
                sc(d).runAsUser = 0;
                extraContainers(d, { runAsUser: 0 });
            },
            expected: [
                `${D} ${C} runs as user 0 (${P}.securityContext.runAsUser=0); use a non-zero uid.`,
                `${D} init container 'setup' runs as user 0 (${S}.initContainers[0].securityContext.runAsUser=0); use a non-zero uid.`,
                `${D} ephemeral container 'debug' runs as user 0 (${S}.ephemeralContainers[0].securityContext.runAsUser=0); use a non-zero uid.`,
            ],
        },
    ]);
    passes(disallowRootUser, {
        "runAsUser is unset": (d) => delete podSc(d).runAsUser,
    });
    it("checks a CronJob's pod template and any API version", async () => {
        const job = compliantCronJob();
        at(job, "spec", "jobTemplate", "spec", "template", "spec", "securityContext").runAsUser = 0;
        for (const type of [CRONJOB, "kubernetes:batch/v1beta1:CronJob"]) {
            assert.deepStrictEqual(await runResourcePolicy(disallowRootUser, type, job), [
                `CronJob 'supply-chain/report' runs as user 0 (spec.jobTemplate.spec.template.spec.securityContext.runAsUser=0); use a non-zero uid.`,
            ]);
        }
    });
});
