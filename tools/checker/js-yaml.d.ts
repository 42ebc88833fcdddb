/**
 * The part of js-yaml 4.3 the checker's fast reader uses (the package ships no types). Signatures
 * from its README and lib/ (js-yaml 4.3.2: `load`, `Schema`, `Type`, the `listener` option).
 */
declare module "js-yaml" {
    /** A tag's resolution rules. */
    export class Type {
        constructor(
            tag: string,
            options: {
                kind: "scalar";
                resolve: (data: string | null) => boolean;
                construct: (data: string) => unknown;
            },
        );
    }
    /** A set of types; `explicit` types need a tag, `implicit` ones resolve plain scalars. */
    export class Schema {
        constructor(definition: { implicit: Type[]; explicit: Type[] });
    }
    /** The parser's state as a `listener` sees it when a node opens or closes. */
    export interface LoaderState {
        readonly input: string;
        readonly position: number;
        readonly tag: string | null;
        readonly anchor: string | null;
        readonly kind: "scalar" | "sequence" | "mapping" | null;
        readonly result: unknown;
    }
    /** Parses one YAML document; throws `YAMLException` on errors. */
    export function load(
        text: string,
        options: {
            schema: Schema;
            listener?: (event: "open" | "close", state: LoaderState) => void;
        },
    ): unknown;
    /** Writes a value as YAML (the tests use it as a second writer). */
    export function dump(
        value: unknown,
        options?: { lineWidth?: number; flowLevel?: number; quotingType?: "'" | '"' },
    ): string;
}
