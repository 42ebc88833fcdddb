/**
 * Retries that never send a non-idempotent request twice, checked on the exact VirtualService.
 */
import * as assert from "assert";

import {
    buildVirtualService,
    DEFAULT_RETRIES,
    UNPROCESSED_RETRY_ON,
} from "../../../components/mesh-policy";
import { workloadIdentity } from "../../../components/internal/labels";

const payment = workloadIdentity("payment", "supply-chain");
const HOST = "payment.supply-chain.svc.cluster.local";
const stable = [{ destination: { host: HOST, subset: "stable" }, weight: 100 }];
const idempotentMethods = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].map((m) => ({
    method: { exact: m },
}));

const matchOf = (vs: ReturnType<typeof buildVirtualService>, i: number) =>
    (vs.spec.http[i] as { match?: unknown }).match;

describe("VirtualService retries", () => {
    it("retries idempotent methods on 5xx and everything else (a POST that charges a card) only when it never reached the app", () => {
        assert.deepStrictEqual(
            buildVirtualService(payment, {
                timeout: "15s",
                retries: { attempts: 2, perTryTimeout: "5s", retryOn: DEFAULT_RETRIES.retryOn },
            }),
            {
                apiVersion: "networking.istio.io/v1",
                kind: "VirtualService",
                metadata: {
                    name: "payment",
                    namespace: "supply-chain",
                    labels: {
                        app: "payment",
                        "app.kubernetes.io/name": "payment",
                        "app.kubernetes.io/part-of": "supply-chain-platform",
                    },
                },
                spec: {
                    hosts: [HOST],
                    http: [
                        {
                            name: "idempotent",
                            match: idempotentMethods,
                            route: stable,
                            timeout: "15s",
                            retries: {
                                attempts: 2,
                                perTryTimeout: "5s",
                                retryOn: "5xx,reset,connect-failure,refused-stream",
                            },
                        },
                        {
                            name: "default",
                            route: stable,
                            timeout: "15s",
                            retries: {
                                attempts: 2,
                                perTryTimeout: "5s",
                                retryOn: "connect-failure,refused-stream",
                            },
                        },
                    ],
                },
            },
        );
        assert.strictEqual(UNPROCESSED_RETRY_ON, "connect-failure,refused-stream");
    });

    it("retries an opted-in idempotent POST API like the idempotent methods, by path", () => {
        const vs = buildVirtualService(payment, {
            timeout: "10s",
            retries: {
                ...DEFAULT_RETRIES,
                idempotentRoutes: [
                    { prefix: "/api/v1/quotes" },
                    { exact: "/api/v1/refunds/lookup", methods: ["POST", "PATCH"] },
                ],
            },
        });
        assert.deepStrictEqual(matchOf(vs, 0), [
            ...idempotentMethods,
            { method: { exact: "POST" }, uri: { prefix: "/api/v1/quotes" } },
            { method: { exact: "POST" }, uri: { exact: "/api/v1/refunds/lookup" } },
            { method: { exact: "PATCH" }, uri: { exact: "/api/v1/refunds/lookup" } },
        ]);
        assert.deepStrictEqual(
            vs.spec.http.map((r) => [r.name, r.retries.retryOn]),
            [
                ["idempotent", "5xx,reset,connect-failure,refused-stream"],
                ["default", "connect-failure,refused-stream"],
            ],
        );
    });

    it("keeps the header match on every condition of the canary's idempotent route", () => {
        const vs = buildVirtualService(payment, {
            timeout: "10s",
            retries: DEFAULT_RETRIES,
            canary: { weight: 0, header: { name: "version", exact: "v2" } },
        });
        const header = { headers: { version: { exact: "v2" } } };
        assert.deepStrictEqual(
            matchOf(vs, 0),
            idempotentMethods.map((m) => ({ ...header, ...m })),
        );
        assert.deepStrictEqual(matchOf(vs, 1), [header]);
    });
});
