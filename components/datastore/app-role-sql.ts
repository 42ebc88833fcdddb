/**
 * The least-privilege PostgreSQL role a service connects as, and the idempotent psql script that
 * creates or updates it as the RDS master user. Pure, no SDK: the Job in `app-role.ts` runs the script,
 * tests read it.
 *
 * Why SQL at all: a PostgreSQL role exists only inside the database; the RDS API manages the master user
 * only (Amazon RDS API Reference, CreateDBInstance / ModifyDBInstance), so an application role needs
 * statements run with the master credentials.
 *
 * PostgreSQL references (16 and 17, the majors in `engines.ts`):
 * - CREATE ROLE has no IF NOT EXISTS; the script creates the role through `\gexec` only when
 *   `pg_roles` lacks it (psql, https://www.postgresql.org/docs/17/app-psql.html: `\gexec`, `\getenv`,
 *   `:'var'` quoting a variable as a literal).
 * - A role with CREATEROLE but not superuser (RDS's `rds_superuser` master) may not set SUPERUSER,
 *   REPLICATION or BYPASSRLS attributes (https://www.postgresql.org/docs/17/sql-alterrole.html), so
 *   the script leaves them at their CREATE ROLE defaults (off) and writes only LOGIN, NOCREATEDB and
 *   NOCREATEROLE. From 16 the creating role gets ADMIN OPTION on the role it creates
 *   (https://www.postgresql.org/docs/16/release-16.html, "Role administration"), so the master may
 *   alter it on every later run.
 * - The database RDS creates at launch (`DBName`) is owned by the master user, and its `public` schema
 *   by `pg_database_owner` (15+), so the master may grant on both.
 */

/** Suffix of an application role: `<database>_app` (`order_db` -> `order_db_app`). */
export const APP_ROLE_SUFFIX = "_app";

/** Longest role name PostgreSQL keeps (NAMEDATALEN - 1). */
const MAX_ROLE_NAME = 63;

/** What the app role may do on its own database (and nothing else may: PUBLIC loses both). */
export const APP_DATABASE_PRIVILEGES = ["CONNECT", "TEMPORARY"] as const;
/** What the app role may do in its database's `public` schema: use it and create objects it owns. */
export const APP_SCHEMA_PRIVILEGES = ["USAGE", "CREATE"] as const;
/**
 * What the app role gets on tables and sequences that already exist in `public` (created earlier by the
 * master user, e.g. while the service still connected as it): read and write their rows, so the switch
 * from the master user to the app role keeps a running service working. Objects the app role creates
 * itself are its own.
 */
export const APP_EXISTING_TABLE_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;
export const APP_EXISTING_SEQUENCE_PRIVILEGES = ["USAGE", "SELECT", "UPDATE"] as const;

/** The environment variable the Job reads the app role's password from (never an argument). */
export const APP_PASSWORD_ENV = "APP_PASSWORD";

/**
 * The application role of a database: `<database>_app`, cut to 63 characters. A database named
 * `pg_*` or `rds_*` (allowed by RDS) would give a role name PostgreSQL or RDS keeps for itself
 * (CREATE ROLE refuses `pg_*`), so those get `app_<database>` instead.
 */
export function postgresAppRole(database: string): string {
    const kept = /^(pg_|rds_)/.test(database);
    const name = kept
        ? `app_${database}`
        : `${database.slice(0, MAX_ROLE_NAME - APP_ROLE_SUFFIX.length)}${APP_ROLE_SUFFIX}`;
    return name.slice(0, MAX_ROLE_NAME);
}

/** A PostgreSQL identifier, double-quoted (embedded quotes doubled). */
export function quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

/** A PostgreSQL string literal, single-quoted (embedded quotes doubled). */
export function quoteLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The psql script creating or updating `role` with exactly the privileges above on `database`, run as
 * the master user with `ON_ERROR_STOP`. Idempotent: every statement leaves the same state when run
 * again (CREATE only when missing, ALTER/GRANT/REVOKE converge). The password comes from the
 * `APP_PASSWORD` environment variable through `\getenv`, so it is in no argument list, manifest or
 * state; psql quotes it as a literal (`:'app_password'`).
 */
export function appRoleSql(role: string, database: string): string {
    const r = quoteIdent(role);
    const db = quoteIdent(database);
    return [
        "\\set ON_ERROR_STOP on",
        `\\getenv app_password ${APP_PASSWORD_ENV}`,
        "SELECT :'app_password' = '' AS no_password \\gset",
        "\\if :no_password",
        `DO $$ BEGIN RAISE EXCEPTION '${APP_PASSWORD_ENV} is empty'; END $$;`,
        "\\endif",
        `SELECT format('CREATE ROLE %I LOGIN', ${quoteLiteral(role)}) WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) \\gexec`,
        `ALTER ROLE ${r} WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'app_password';`,
        `REVOKE ALL ON DATABASE ${db} FROM PUBLIC;`,
        `GRANT ${APP_DATABASE_PRIVILEGES.join(", ")} ON DATABASE ${db} TO ${r};`,
        `GRANT ${APP_SCHEMA_PRIVILEGES.join(", ")} ON SCHEMA public TO ${r};`,
        `GRANT ${APP_EXISTING_TABLE_PRIVILEGES.join(", ")} ON ALL TABLES IN SCHEMA public TO ${r};`,
        `GRANT ${APP_EXISTING_SEQUENCE_PRIVILEGES.join(", ")} ON ALL SEQUENCES IN SCHEMA public TO ${r};`,
        "",
    ].join("\n");
}
