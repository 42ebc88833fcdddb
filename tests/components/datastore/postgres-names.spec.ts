/**
 * Database and master user names RDS for PostgreSQL accepts, and the database name derived from a
 * service name. Pure functions, no mocks.
 */
import * as assert from "assert";

import {
    POSTGRES_EXISTING_DATABASES,
    POSTGRES_RESERVED_WORDS,
    postgresDatabaseName,
    postgresDatabaseNameProblem,
    postgresMasterUserProblem,
} from "../../../components/datastore/postgres-names";
import { POSTGRES_MASTER_USER } from "../../../components/datastore/spec";
import { MAX_WORKLOAD_NAME, workloadName } from "../../../schemas/names";

/** A small seeded generator (mulberry32), so every run checks the same names. */
function generator(seed: number): () => number {
    let a = seed;
    return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const INNER = `${LETTERS}0123456789-`;

/** A random workload name (DNS-1035 label of at most MAX_WORKLOAD_NAME), biased to short names. */
function randomWorkloadName(next: () => number): string {
    const length = 1 + Math.floor(next() ** 2 * MAX_WORKLOAD_NAME);
    const pick = (chars: string) => chars[Math.floor(next() * chars.length)];
    let name = pick(LETTERS);
    for (let i = 1; i < length; i++) {
        name += pick(i === length - 1 ? LETTERS + "0123456789" : INNER);
    }
    return name;
}

describe("PostgreSQL names", () => {
    it("derives a name RDS accepts from 20,000 generated workload names", () => {
        const next = generator(31);
        for (let i = 0; i < 20_000; i++) {
            const service = randomWorkloadName(next);
            assert.ok(workloadName.safeParse(service).success, `generator made '${service}'`);
            const db = postgresDatabaseName(service);
            assert.strictEqual(postgresDatabaseNameProblem(db), undefined, `${service} -> ${db}`);
        }
    });

    it("derives a name RDS accepts for every reserved word and existing database as a service name", () => {
        const names = [...POSTGRES_RESERVED_WORDS, ...POSTGRES_EXISTING_DATABASES];
        for (const word of names) {
            // `current_user` is no workload name (no `_`); `current-user` is, and maps to the word.
            const service = word.replace(/_/g, "-");
            const db = postgresDatabaseName(service);
            assert.strictEqual(db, `${word}_db`, service);
            assert.strictEqual(postgresDatabaseNameProblem(db), undefined, db);
        }
    });

    it("keeps the name of a service whose plain name is valid (no replaced database)", () => {
        assert.deepStrictEqual(
            ["inventory", "payment", "ml-prediction", "orders", "user-profile"].map(
                postgresDatabaseName,
            ),
            ["inventory", "payment", "ml_prediction", "orders", "user_profile"],
        );
    });

    it("turns the seed's `order` into `order_db`", () => {
        assert.strictEqual(postgresDatabaseName("order"), "order_db");
    });

    it("makes odd inputs valid too: a digit first, other characters, over 63 characters", () => {
        assert.strictEqual(postgresDatabaseName("9lives"), "db_9lives");
        assert.strictEqual(postgresDatabaseName("Order.Service"), "order_service");
        assert.strictEqual(postgresDatabaseName("a".repeat(80)), "a".repeat(63));
    });

    it("holds the reserved words of Appendix C, and not the non-reserved ones", () => {
        assert.strictEqual(POSTGRES_RESERVED_WORDS.size, 101);
        for (const word of ["order", "user", "table", "left", "verbose", "system_user"]) {
            assert.ok(POSTGRES_RESERVED_WORDS.has(word), word);
        }
        // Non-reserved and "non-reserved (cannot be function or type)" words are valid names.
        for (const word of ["between", "value", "admin", "database", "name", "json", "row"]) {
            assert.strictEqual(postgresDatabaseNameProblem(word), undefined, word);
        }
    });

    it("fails a reserved word, an existing database, a bad character or length, with the rule", () => {
        assert.deepStrictEqual(
            ["order", "postgres", "Orders", "order-db", "1db", "", "a".repeat(64)].map(
                postgresDatabaseNameProblem,
            ),
            [
                'must not be a PostgreSQL reserved key word (RDS refuses them; e.g. "order_db" is allowed)',
                "must not be a database every RDS for PostgreSQL instance already has (postgres, template0, template1, rdsadmin)",
                "must start with a lowercase letter and hold only a-z, 0-9 and _",
                "must start with a lowercase letter and hold only a-z, 0-9 and _",
                "must start with a lowercase letter and hold only a-z, 0-9 and _",
                "must be 1 to 63 characters",
                "must be 1 to 63 characters",
            ],
        );
    });

    it("accepts the master user the component sets, and fails the names RDS refuses", () => {
        assert.strictEqual(postgresMasterUserProblem(POSTGRES_MASTER_USER), undefined);
        assert.deepStrictEqual(
            ["user", "rdsadmin", "rds_iam", "pg_app", "a_very_long_username", "1app"].map(
                postgresMasterUserProblem,
            ),
            [
                "must not be a PostgreSQL reserved key word",
                "must not be a role PostgreSQL or RDS keeps (pg_*, rds_*, rdsadmin)",
                "must not be a role PostgreSQL or RDS keeps (pg_*, rds_*, rdsadmin)",
                "must not be a role PostgreSQL or RDS keeps (pg_*, rds_*, rdsadmin)",
                "must be 1 to 16 characters",
                "must start with a lowercase letter and hold only a-z, 0-9 and _",
            ],
        );
    });
});
