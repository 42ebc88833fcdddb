/**
 * Names RDS for PostgreSQL accepts for the database it creates (`DBName`) and for the master user
 * (`MasterUsername`), and the database name derived from a service name. Pure, no SDK.
 *
 * What RDS accepts (Amazon RDS API Reference, CreateDBInstance,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html):
 * - `DBName`, RDS for PostgreSQL: 1 to 63 letters, digits or underscores, beginning with a letter,
 *   and not "a word reserved by the database engine". RDS always creates a database named `postgres`
 *   next to it.
 * - `MasterUsername`: 1 to 16 letters, digits or underscores, beginning with a letter, and not a
 *   reserved word of the engine.
 *
 * What PostgreSQL reserves: the key words the parser never takes as a plain name, i.e. the two
 * "reserved" classes of Appendix C, "SQL Key Words", Table C.1 (PostgreSQL 17:
 * https://www.postgresql.org/docs/17/sql-keywords-appendix.html; 16:
 * https://www.postgresql.org/docs/16/sql-keywords-appendix.html), which are the `RESERVED_KEYWORD`
 * and `TYPE_FUNC_NAME_KEYWORD` entries of `src/include/parser/kwlist.h`. A database or role name is
 * a `ColId` in the grammar (`CREATE DATABASE name`, `CREATE ROLE name`), which admits unreserved and
 * column-name key words but neither reserved class. The lists below are those of PostgreSQL 16 and
 * 17 (the majors in `POSTGRES_VERSIONS`; 17 added no reserved words). Check them again against the
 * appendix of a new major before adding its versions to `engines.ts`.
 */

/** Longest `DBName` RDS accepts for PostgreSQL (PostgreSQL's NAMEDATALEN - 1). */
export const POSTGRES_MAX_DATABASE_NAME = 63;
/** Longest `MasterUsername` RDS accepts. */
export const POSTGRES_MAX_MASTER_USER = 16;

/** Appendix C "reserved" (kwlist.h `RESERVED_KEYWORD`), PostgreSQL 16 and 17. */
const RESERVED = [
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case",
    "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
    "current_date", "current_role", "current_time", "current_timestamp", "current_user",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
    "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
    "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on",
    "only", "or", "order", "placing", "primary", "references", "returning", "select",
    "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true",
    "union", "unique", "user", "using", "variadic", "when", "where", "window", "with",
]; // prettier-ignore

/** Appendix C "reserved (can be function or type)" (kwlist.h `TYPE_FUNC_NAME_KEYWORD`). */
const RESERVED_FUNCTION_OR_TYPE = [
    "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze",
    "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer",
    "overlaps", "right", "similar", "tablesample", "verbose",
]; // prettier-ignore

/** Every word PostgreSQL 16 and 17 reserve (both reserved classes of Appendix C). */
export const POSTGRES_RESERVED_WORDS: ReadonlySet<string> = new Set([
    ...RESERVED,
    ...RESERVED_FUNCTION_OR_TYPE,
]);

/**
 * Databases that already exist on every RDS for PostgreSQL instance: `postgres` (RDS always creates
 * it), PostgreSQL's `template0` / `template1`, and `rdsadmin`, which RDS keeps for itself
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Roles.html).
 */
export const POSTGRES_EXISTING_DATABASES: ReadonlySet<string> = new Set([
    "postgres",
    "template0",
    "template1",
    "rdsadmin",
]);

/** Suffix that turns a reserved or existing name into a valid one (`order` -> `order_db`). */
export const DATABASE_NAME_SUFFIX = "_db";

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Why RDS would refuse `name` as the `DBName` of a PostgreSQL instance, or undefined when it accepts
 * it. Lowercase only: PostgreSQL folds unquoted names to lowercase, and the connection URL names the
 * database as written.
 */
export function postgresDatabaseNameProblem(name: string): string | undefined {
    if (name.length < 1 || name.length > POSTGRES_MAX_DATABASE_NAME) {
        return `must be 1 to ${POSTGRES_MAX_DATABASE_NAME} characters`;
    }
    if (!NAME.test(name)) {
        return "must start with a lowercase letter and hold only a-z, 0-9 and _";
    }
    if (POSTGRES_RESERVED_WORDS.has(name)) {
        return `must not be a PostgreSQL reserved key word (RDS refuses them; e.g. "${name}${DATABASE_NAME_SUFFIX}" is allowed)`;
    }
    if (POSTGRES_EXISTING_DATABASES.has(name)) {
        return `must not be a database every RDS for PostgreSQL instance already has (${[...POSTGRES_EXISTING_DATABASES].join(", ")})`;
    }
    return undefined;
}

/**
 * Why RDS would refuse `name` as the `MasterUsername` of a PostgreSQL instance, or undefined. Besides
 * the RDS rule (1-16 characters, a letter first, not reserved), PostgreSQL reserves role names that
 * start with `pg_` (CREATE ROLE, https://www.postgresql.org/docs/17/sql-createrole.html) and RDS
 * keeps `rdsadmin` and the `rds_` roles (`rds_superuser`, `rds_iam`, ...) for itself (RDS user guide,
 * "Understanding PostgreSQL roles and permissions").
 */
export function postgresMasterUserProblem(name: string): string | undefined {
    if (name.length < 1 || name.length > POSTGRES_MAX_MASTER_USER) {
        return `must be 1 to ${POSTGRES_MAX_MASTER_USER} characters`;
    }
    if (!NAME.test(name)) {
        return "must start with a lowercase letter and hold only a-z, 0-9 and _";
    }
    if (POSTGRES_RESERVED_WORDS.has(name)) {
        return "must not be a PostgreSQL reserved key word";
    }
    if (name.startsWith("pg_") || name.startsWith("rds_") || name === "rdsadmin") {
        return "must not be a role PostgreSQL or RDS keeps (pg_*, rds_*, rdsadmin)";
    }
    return undefined;
}

/**
 * The database name of a service's PostgreSQL store: the service name with `-` as `_`, plus `_db`
 * when that is a reserved word or a database the instance already has (`order` -> `order_db`). Names
 * that were valid keep their form, so existing instances (whose `dbName` cannot change in place) stay.
 * Valid for every workload name (a DNS-1035 label of at most 51 characters, schemas/names.ts); a
 * longer or odder input is still made valid (a letter first, cut to 63).
 */
export function postgresDatabaseName(service: string): string {
    let name = service.toLowerCase().replace(/[^a-z0-9_]/g, "_");
    if (!/^[a-z]/.test(name)) {
        name = `db_${name}`;
    }
    name = name.slice(0, POSTGRES_MAX_DATABASE_NAME);
    if (POSTGRES_RESERVED_WORDS.has(name) || POSTGRES_EXISTING_DATABASES.has(name)) {
        name = `${name.slice(0, POSTGRES_MAX_DATABASE_NAME - DATABASE_NAME_SUFFIX.length)}${DATABASE_NAME_SUFFIX}`;
    }
    return name;
}
