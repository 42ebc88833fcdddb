/**
 * Lookups of user-chosen names. Names are data: `constructor`, `tostring`, `valueof` are valid
 * service names, and `toString` a valid label key, so a plain `record[name]` or `name in record`
 * would find `Object.prototype`'s members for a name the record does not hold. These read own
 * properties only.
 *
 * @see https://tc39.es/ecma262/#sec-object.hasown
 */

/** The value `record` holds under `key` itself, never one it inherits; undefined when it holds none. */
export function ownValue<V>(
    record: Readonly<Record<string, V>> | undefined,
    key: string,
): V | undefined {
    return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether `record` holds `key` itself (not through its prototype). */
export function hasOwnKey(record: object | undefined, key: string): boolean {
    return record !== undefined && Object.hasOwn(record, key);
}

/** The value `record` holds under `key`; throws (a program error, not a config error) when it holds none. */
export function ownValueOrThrow<V>(
    record: Readonly<Record<string, V>>,
    key: string,
    what: string,
): V {
    if (!Object.hasOwn(record, key)) {
        throw new Error(`${what} has no entry named ${JSON.stringify(key)}`);
    }
    return record[key];
}
