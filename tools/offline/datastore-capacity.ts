/**
 * Data stores in the capacity report: what each RDS instance and ElastiCache replication group gets
 * (class, nodes, vCPU, memory, storage) and an estimate of its monthly on-demand cost, from the price
 * table kept with the engines (components/datastore/engines.ts).
 */
import {
    GP3_USD_PER_GIB_MONTH,
    InstanceClass,
    POSTGRES_SIZES,
    REDIS_SIZES,
} from "../../components/datastore/engines";
import { RecordedResource } from "./mocks";

/** Hours in an average month (AWS pricing pages use 730). */
export const HOURS_PER_MONTH = 730;

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
                        size &&
                        nodes *
                            (size.usdPerHour * HOURS_PER_MONTH +
                                storageGiB * GP3_USD_PER_GIB_MONTH),
                },
            ];
        }
        if (r.type === "aws:elasticache/replicationGroup:ReplicationGroup") {
            const cls = String(r.inputs.nodeType);
            const size = CACHE_CLASSES.get(cls);
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
                    monthlyUsd: size && nodes * size.usdPerHour * HOURS_PER_MONTH,
                },
            ];
        }
        return [];
    });
}
