/**
 * Data stores in the capacity report: what each RDS instance and ElastiCache replication group gets
 * (class, nodes, vCPU, memory, storage, from the engines' size classes in
 * components/datastore/engines.ts) and an estimate of its monthly on-demand cost, from the offline
 * price table (prices.ts).
 */
import { InstanceClass, POSTGRES_SIZES, REDIS_SIZES } from "../../components/datastore/engines";
import { RecordedResource } from "./mocks";
import {
    ELASTICACHE_USD_PER_HOUR,
    HOURS_PER_MONTH,
    RDS_GP3_USD_PER_GB_MONTH,
    RDS_USD_PER_HOUR,
} from "./prices";

export { HOURS_PER_MONTH };

/** One store's size and estimated cost. */
export interface StoreCapacity {
    readonly name: string;
    readonly engine: string;
    readonly instanceClass: string;
    /** Billed nodes: primary plus standby (Multi-AZ RDS) or replicas (ElastiCache). */
    readonly nodes: number;
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly storageGiB: number;
    /** Estimated USD per month; undefined when the class is not in the price table. */
    readonly monthlyUsd?: number;
}

const byClass = (table: Readonly<Record<string, InstanceClass>>) =>
    new Map(Object.values(table).map((c) => [c.instanceClass, c]));
const RDS_CLASSES = byClass(POSTGRES_SIZES);
const CACHE_CLASSES = byClass(REDIS_SIZES);

/** Lists every data store of the program with its estimated monthly cost. */
export function storeCapacity(resources: readonly RecordedResource[]): StoreCapacity[] {
    return resources.flatMap((r): StoreCapacity[] => {
        if (r.type === "aws:rds/instance:Instance") {
            const cls = String(r.inputs.instanceClass);
            const size = RDS_CLASSES.get(cls);
            const usdPerHour = RDS_USD_PER_HOUR.get(cls);
            const nodes = r.inputs.multiAz === true ? 2 : 1;
            const storageGiB = Number(r.inputs.allocatedStorage ?? 0);
            return [
                {
                    name: r.name,
                    engine: `${r.inputs.engine} ${r.inputs.engineVersion}`,
                    instanceClass: cls,
                    nodes,
                    vcpu: (size?.vcpu ?? 0) * nodes,
                    memoryGiB: (size?.memoryGiB ?? 0) * nodes,
                    storageGiB: storageGiB * nodes,
                    monthlyUsd:
                        usdPerHour === undefined
                            ? undefined
                            : nodes *
                              (usdPerHour * HOURS_PER_MONTH +
                                  storageGiB * RDS_GP3_USD_PER_GB_MONTH),
                },
            ];
        }
        if (r.type === "aws:elasticache/replicationGroup:ReplicationGroup") {
            const cls = String(r.inputs.nodeType);
            const size = CACHE_CLASSES.get(cls);
            const usdPerHour = ELASTICACHE_USD_PER_HOUR.get(cls);
            const nodes = Number(r.inputs.numCacheClusters ?? 1);
            return [
                {
                    name: r.name,
                    engine: `${r.inputs.engine} ${r.inputs.engineVersion}`,
                    instanceClass: cls,
                    nodes,
                    vcpu: (size?.vcpu ?? 0) * nodes,
                    memoryGiB: (size?.memoryGiB ?? 0) * nodes,
                    storageGiB: 0,
                    monthlyUsd:
                        usdPerHour === undefined ? undefined : nodes * usdPerHour * HOURS_PER_MONTH,
                },
            ];
        }
        return [];
    });
}
