import * as assert from "assert";
import * as fc from "fast-check";

import {
    appRoleSql,
    postgresAppRole,
    quoteIdent,
    quoteLiteral,
} from "../../../components/datastore/app-role-sql";
import { postgresDatabaseName } from "../../../components/datastore/postgres-names";

describe("PostgreSQL application role", () => {
    it("names the role <database>_app, within 63 characters and never pg_* or rds_*", () => {
        assert.strictEqual(postgresAppRole("order_db"), "order_db_app");
        assert.strictEqual(postgresAppRole("inventory"), "inventory_app");
        assert.strictEqual(postgresAppRole("pg_stats"), "app_pg_stats");
        assert.strictEqual(postgresAppRole("rds_data"), "app_rds_data");
        assert.strictEqual(postgresAppRole("a".repeat(63)), `${"a".repeat(59)}_app`);
        fc.assert(
            fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,50}$/), (service) => {
                const role = postgresAppRole(postgresDatabaseName(service));
                return (
                    role.length <= 63 && !/^(pg_|rds_)/.test(role) && /^[a-z][a-z0-9_]*$/.test(role)
                );
            }),
        );
    });

    it("quotes identifiers and literals by doubling their quote character", () => {
        assert.strictEqual(quoteIdent('we"ird'), '"we""ird"');
        assert.strictEqual(quoteLiteral("it's"), "'it''s'");
    });

    it("grants exactly CONNECT/TEMPORARY on its database and USAGE/CREATE on public, idempotently, the password from the environment", () => {
        assert.strictEqual(
            appRoleSql("order_db_app", "order_db"),
            [
                "\\set ON_ERROR_STOP on",
                "\\getenv app_password APP_PASSWORD",
                "SELECT :'app_password' = '' AS no_password \\gset",
                "\\if :no_password",
                "DO $$ BEGIN RAISE EXCEPTION 'APP_PASSWORD is empty'; END $$;",
                "\\endif",
                "SELECT format('CREATE ROLE %I LOGIN', 'order_db_app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'order_db_app') \\gexec",
                "ALTER ROLE \"order_db_app\" WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'app_password';",
                'REVOKE ALL ON DATABASE "order_db" FROM PUBLIC;',
                'GRANT CONNECT, TEMPORARY ON DATABASE "order_db" TO "order_db_app";',
                'GRANT USAGE, CREATE ON SCHEMA public TO "order_db_app";',
                'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "order_db_app";',
                'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "order_db_app";',
                "",
            ].join("\n"),
        );
    });

    it("creates nothing unconditionally and grants no membership, superuser or role/database creation", () => {
        const sql = appRoleSql("inventory_app", "inventory");
        const statements = sql.split("\n").filter((l) => l !== "" && !l.startsWith("\\"));
        // The only CREATE ROLE is the one \gexec runs when pg_roles lacks the role.
        assert.deepStrictEqual(
            statements.filter((l) => /CREATE ROLE/.test(l)).map((l) => l.endsWith("\\gexec")),
            [true],
        );
        assert.doesNotMatch(
            sql,
            /rds_superuser|SUPERUSER|CREATEDB\b(?<!NOCREATEDB)|GRANT "|IN ROLE/,
        );
        assert.doesNotMatch(sql, /PASSWORD '/, "no password literal in the script");
    });
});
