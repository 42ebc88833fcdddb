/**
 * Invalid values of the workload keys: services, mlWorkloads and mesh.
 */
import { at, listAt, Plain } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack, withoutDelivery } from "../helpers/config";

const P = "supply-chain-platform";

const cases: ConfigCase[] = [
    {
        name: "a caller that is not a declared service",
        mutate: (c) => listAt(c, "services", "order", "callers").push("billing"),
        message: `${P}:services.order.callers[1] must name a declared service (inventory, order, shipping, payment, customer, ml-prediction), got "billing"`,
    },
    {
        name: "a service that calls itself",
        mutate: (c) => (at(c, "services", "order").callers = ["order"]),
        message: `${P}:services.order.callers[0] must not name the service itself, got "order"`,
    },
    {
        name: "autoscaling max below min (the issue's example)",
        stack: "production",
        mutate: (c) =>
            (at(c, "services", "order").autoscaling = { minReplicas: 2, maxReplicas: 1 }),
        message: `${P}:services.order.autoscaling.maxReplicas must be >= minReplicas (2), got 1`,
    },
    {
        name: "fixed replicas together with autoscaling",
        stack: "production",
        mutate: (c) => (at(c, "services", "order").replicas = 3),
        message: `${P}:services.order.replicas must not be set together with autoscaling (the HPA owns the replica count; set autoscaling.minReplicas), got 3`,
    },
    {
        name: "an image on latest",
        mutate: (c) =>
            (at(c, "services", "inventory").image = "registry.example.com/inventory:latest"),
        message: `${P}:services.inventory.image must pin a version tag other than latest, or a digest, got "registry.example.com/inventory:latest"`,
    },
    {
        name: "an untagged image",
        mutate: (c) => (at(c, "services", "inventory").image = "registry.example.com/inventory"),
        message: `${P}:services.inventory.image must pin a version tag other than latest, or a digest, got "registry.example.com/inventory"`,
    },
    {
        name: "a memory limit below the request",
        mutate: (c) => (at(c, "services", "inventory", "resources", "limits").memory = "64Mi"),
        message: `${P}:services.inventory.resources.limits.memory must be >= requests.memory (128Mi), got "64Mi"`,
    },
    {
        name: "a malformed cpu quantity",
        mutate: (c) => (at(c, "services", "inventory", "resources", "requests").cpu = "100 m"),
        message: `${P}:services.inventory.resources.requests.cpu must be a Kubernetes quantity like 500m, 1 or 256Mi, got "100 m"`,
    },
    {
        name: "missing resources",
        mutate: (c) => delete at(c, "services", "inventory").resources,
        message: `${P}:services.inventory.resources must be an object, got nothing`,
    },
    {
        name: "a wildcard IAM action without a reason",
        mutate: (c) => (at(c, "services", "order", "iam", "statements", 0).actions = ["sqs:*"]),
        message: `${P}:services.order.iam.statements[0].actions[0] must name actions, not every sqs action, unless iam.allow.actions lists it with a reason, got "sqs:*"`,
    },
    {
        name: "a wildcard IAM resource without a reason",
        mutate: (c) => (at(c, "services", "order", "iam", "statements", 0).resources = ["*"]),
        message: `${P}:services.order.iam.statements[0].resources[0] must name resources, not every resource, unless iam.allow.resources lists it with a reason, got "*"`,
    },
    {
        name: "a secret key reaching into another path",
        mutate: (c) =>
            (at(c, "services", "payment", "secrets", "PAYMENT_PROVIDER_API_KEY").key =
                "../order/key"),
        message: `${P}:services.payment.secrets.PAYMENT_PROVIDER_API_KEY.key must be a secret name under the service's own path: 1 to 256 of A-Z, a-z, 0-9 and _+=.@- (no /, spaces, newlines or shell syntax), got "../order/key"`,
    },
    {
        name: "a typo in a service key",
        mutate: (c) => (at(c, "services", "inventory").replica = 2),
        message: `${P}:services.inventory.replica is not a known key (did you mean replicas? allowed: image, version, replicas, autoscaling, resources, ports, probes, callers, expose, config, configMountPath, secrets, iam, datastores, delivery, automountServiceAccountToken, terminationGracePeriodSeconds, preStopSleepSeconds), got a number (not shown)`,
    },
    {
        name: "a config name that is not an env var",
        mutate: (c) => (at(c, "services", "inventory", "config")["log-level"] = "x"),
        message: `${P}:services.inventory.config.log-level is not a valid key: it must be an environment variable name (A-Z, 0-9, _), got "log-level"`,
    },
    {
        name: "a mesh rule for a caller the service does not declare",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory", "rules").payment = { methods: ["GET"] }),
        message: `${P}:mesh.services.inventory.rules.payment is not one of services.inventory.callers (order, ml-prediction), got "payment"`,
    },
    {
        name: "mesh intents for an undeclared service",
        mutate: (c) => (at(c, "mesh", "services").billing = {}),
        message: `${P}:mesh.services.billing is not a declared service (inventory, order, shipping, payment, customer, ml-prediction), got "billing"`,
    },
    {
        name: "a canary weight above 100",
        mutate: (c) => {
            withoutDelivery(c);
            at(c, "mesh", "services", "inventory").canary = { weight: 120 };
        },
        message: `${P}:mesh.services.inventory.canary.weight must be between 0 and 100, got 120`,
    },
    {
        name: "a canary weight while no canary pods run (the subset would have no endpoints)",
        mutate: (c) => {
            withoutDelivery(c);
            at(c, "mesh", "services", "inventory").canary = { weight: 10 };
        },
        message: `${P}:mesh.services.inventory.canary.weight must be 0 while inventory runs no canary pods (a canary subset exists only while canary pods run), got 10`,
    },
    {
        name: "canary header routing while no canary pods run",
        mutate: (c) => {
            withoutDelivery(c);
            at(c, "mesh", "services", "inventory").canary = {
                header: { name: "version", exact: "v2" },
            };
        },
        message: `${P}:mesh.services.inventory.canary.header must be unset while inventory runs no canary pods (a canary subset exists only while canary pods run), got {"name":"version","exact":"v2"}`,
    },
    {
        name: "an unknown retry condition",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory").retries = { retryOn: "5xx,connect-failures" }),
        message: `${P}:mesh.services.inventory.retries.retryOn must list Envoy retry conditions (5xx, gateway-error, reset, reset-before-request, connect-failure, envoy-ratelimited, retriable-4xx, refused-stream, retriable-status-codes, retriable-headers, http3-post-connect-failure, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) or HTTP status codes; unknown: connect-failures, got "5xx,connect-failures"`,
    },
    {
        name: "an idempotent route with both prefix and exact",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory").retries = {
                idempotentRoutes: [{ prefix: "/api/search", exact: "/api/search" }],
            }),
        message: `${P}:mesh.services.inventory.retries.idempotentRoutes[0] must set exactly one of prefix and exact, got {"prefix":"/api/search","exact":"/api/search","methods":["POST"]}`,
    },
    {
        name: "an egress host inside the cluster",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory").egress = [
                { host: "redis.supply-chain.svc.cluster.local" },
            ]),
        message: `${P}:mesh.services.inventory.egress[0].host must be outside the cluster (in-cluster Services, *.svc and *.local names, need no egress entry), got "redis.supply-chain.svc.cluster.local"`,
    },
    ...["kubernetes.default.svc", "order.supply-chain.svc", "printer.local"].map((host) => ({
        name: `an in-cluster egress host ${host}`,
        mutate: (c: Plain) => (at(c, "mesh", "services", "inventory").egress = [{ host }]),
        message: `${P}:mesh.services.inventory.egress[0].host must be outside the cluster (in-cluster Services, *.svc and *.local names, need no egress entry), got "${host}"`,
    })),
    {
        name: "an egress host that is not a DNS name",
        mutate: (c) =>
            (at(c, "mesh", "services").payment = { egress: [{ host: "https://api.example.com" }] }),
        message: `${P}:mesh.services.payment.egress[0].host must be a DNS name like api.example.com or *.example.com, got "https://api.example.com"`,
    },
    {
        name: "a per-try timeout longer than the route timeout",
        mutate: (c) => (at(c, "mesh", "services", "inventory").timeout = "1s"),
        message: `${P}:mesh.services.inventory.retries.perTryTimeout must not exceed the route timeout (1s), got "2s"`,
    },
    {
        name: "fault injection in production",
        stack: "production",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory").faultInjection = {
                delay: { percentage: 0.1, fixedDelay: "5s" },
            }),
        message: `${P}:mesh.services.inventory.faultInjection must not be set in production (chaos testing runs in staging), got {"delay":{"percentage":0.1,"fixedDelay":"5s"}}`,
    },
    {
        name: "a PERMISSIVE migration window in production",
        stack: "production",
        mutate: (c) =>
            (at(c, "mesh").migrationWindow = {
                until: "2026-12-31",
                reason: "monolith cut-over of the order API",
                services: ["order"],
            }),
        message: `${P}:mesh.migrationWindow must not be set in production (PERMISSIVE mTLS is never allowed there), got {"until":"2026-12-31","reason":"monolith cut-over of the order API","services...`,
    },
    {
        name: "a migration window for an undeclared service",
        mutate: (c) =>
            (at(c, "mesh").migrationWindow = {
                until: "2026-12-31",
                reason: "monolith cut-over of the order API",
                services: ["order", "billing"],
            }),
        message: `${P}:mesh.migrationWindow.services[1] is not a declared service or ML workload (inventory, order, shipping, payment, customer, ml-prediction), got "billing"`,
    },
    {
        name: "a migration window that has ended",
        mutate: (c) =>
            (at(c, "mesh").migrationWindow = {
                until: "2026-11-23",
                reason: "monolith cut-over of the order API",
                services: ["order"],
            }),
        message: `${P}:mesh.migrationWindow.until has passed (today is 2026-11-24); remove mesh.migrationWindow to return its services to STRICT mTLS, or extend it, got "2026-11-23"`,
    },
    {
        name: "an invalid HTTP method",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory", "rules", "order").methods = ["FETCH"]),
        message: `${P}:mesh.services.inventory.rules.order.methods[0] must be one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", got "FETCH"`,
    },
    {
        name: "a GPU model on a CPU-only pool (the seed's contradiction)",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction").gpu = 1),
        message: `${P}:mlWorkloads.ml-prediction.gpu requests GPUs but node group ml has none (gpu: false); add a GPU node group (gpu: true) or set gpu: 0, got 1`,
    },
    {
        name: "a GPU model on the ML pool when a GPU pool exists",
        stack: "production",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction").nodeGroup = "ml"),
        message: `${P}:mlWorkloads.ml-prediction.gpu requests GPUs but node group ml has none (gpu: false); use nodeGroup gpu, got 1`,
    },
    {
        name: "an unknown node group",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction").nodeGroup = "gpus"),
        message: `${P}:mlWorkloads.ml-prediction.nodeGroup must name a managed node group of cluster.nodeGroups or a NodePool of karpenter.nodePools (general, ml), got "gpus"`,
    },
    {
        name: "model replicas above 10",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction", "model").replicas = 11),
        message: `${P}:mlWorkloads.ml-prediction.model.replicas must be <= 10, got 11`,
    },
    {
        name: "an unknown framework",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction", "model").framework = "keras"),
        message: `${P}:mlWorkloads.ml-prediction.model.framework must be one of "tensorflow", "pytorch", "sklearn", got "keras"`,
    },
    {
        name: "a VPA minimum above its maximum",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction", "vpa", "minAllowed").memory = "16Gi"),
        message: `${P}:mlWorkloads.ml-prediction.vpa.minAllowed.memory must be <= vpa.maxAllowed.memory (4Gi), got "16Gi"`,
    },
    {
        name: "VPA Auto with a cpu HPA",
        stack: "production",
        mutate: (c) =>
            (at(c, "mlWorkloads", "ml-prediction").autoscaling = {
                minReplicas: 2,
                maxReplicas: 4,
                cpuUtilization: 70,
            }),
        message: `${P}:mlWorkloads.ml-prediction.autoscaling must not scale on cpu or memory while vpa.updateMode is Auto (the HPA and the VPA would fight); scale on requestsPerSecond or set vpa.updateMode Off/Initial, got {"minReplicas":2,"maxReplicas":4,"cpuUtilization":70}`,
    },
    {
        name: "secrets while External Secrets is off",
        mutate: (c) => {
            at(c, "addons").externalSecrets = { enabled: false };
            // Stores need External Secrets too (tests/schemas/datastores.spec.ts).
            for (const s of Object.values(at(c, "services"))) {
                delete at(s).datastores;
            }
        },
        message: `${P}:services.payment.secrets must be empty while addons.externalSecrets.enabled is false (secrets are delivered by External Secrets), got {"PAYMENT_PROVIDER_API_KEY":{"key":"provider-api-key"}}
${P}:addons.externalSecrets.enabled must be true while addons.monitoring.enabled is true (Grafana's admin password and the Alertmanager receivers come from Secrets Manager), got false`,
    },
];

describe("config: workload keys", () => {
    configCases(cases, managedGroupsStack);
});
