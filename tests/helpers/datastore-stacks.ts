/**
 * The data stores the committed stacks declare, as the stack specs of the data stores expect them.
 */

/** Each service's stores in both stacks. */
export const STORES: Record<string, ("postgres" | "redis")[]> = {
    inventory: ["postgres", "redis"],
    order: ["postgres"],
    payment: ["postgres"],
};

/** The database each store's URL names: the service name, `order_db` for the reserved `order`. */
export const DATABASES: Record<string, string> = {
    inventory: "inventory",
    order: "order_db",
    payment: "payment",
};
