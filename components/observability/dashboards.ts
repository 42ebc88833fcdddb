/**
 * Grafana dashboards as code: the JSON models in `dashboards/` are the source; each workload gets its
 * own copy with its namespace and name filled into the dashboard's constant variables, a stable uid and
 * a title, delivered as a ConfigMap that Grafana's dashboard sidecar loads (kube-prometheus-stack's
 * `grafana.sidecar.dashboards.label: grafana_dashboard`, `labelValue: "1"`, `searchNamespace: ALL`).
 */
import mlServing from "./dashboards/ml-serving.json";
import service from "./dashboards/service.json";

/** Which dashboard model a workload gets. */
export type DashboardKind = "service" | "ml-serving";

interface DashboardModel {
    uid: string;
    title: string;
    tags: string[];
    templating: { list: { name: string; query: string }[] };
    panels: { title: string; targets: { expr: string }[] }[];
}

const MODELS: Record<DashboardKind, DashboardModel> = {
    service: service as DashboardModel,
    "ml-serving": mlServing as DashboardModel,
};

/** The dashboard model of a kind, as stored in the repository (a deep copy). */
export function dashboardModel(kind: DashboardKind): DashboardModel {
    return structuredClone(MODELS[kind]);
}

/** The dashboard of one workload: variables set, uid and title unique to it. */
export function renderDashboard(kind: DashboardKind, namespace: string, workload: string) {
    const model = dashboardModel(kind);
    const values: Record<string, string> = { namespace, workload };
    for (const variable of model.templating.list) {
        if (values[variable.name] !== undefined) {
            variable.query = values[variable.name];
        }
    }
    return {
        ...model,
        // Grafana uids are at most 40 characters.
        uid: `${model.uid}-${workload}`.slice(0, 40),
        title: `${model.title}: ${workload}`,
        tags: [...model.tags, workload],
    };
}

/** The ConfigMap that provisions one workload's dashboard through the Grafana sidecar. */
export function buildDashboardConfigMap(args: {
    kind: DashboardKind;
    workload: string;
    workloadNamespace: string;
    /** Namespace of Grafana (where the ConfigMap lives). */
    namespace: string;
    /** Label (and value) the sidecar loads ConfigMaps by. */
    sidecarLabel: Readonly<Record<string, string>>;
    labels: Readonly<Record<string, string>>;
}) {
    const dashboard = renderDashboard(args.kind, args.workloadNamespace, args.workload);
    return {
        metadata: {
            name: `dashboard-${args.workload}`,
            namespace: args.namespace,
            labels: { ...args.labels, ...args.sidecarLabel },
        },
        data: { [`${args.workload}.json`]: JSON.stringify(dashboard) },
    };
}
