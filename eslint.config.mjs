// ESLint flat config: typescript-eslint with type information, plus Pulumi's Output rules.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "bin/", "out/", "build/", "**/dist/", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-unused-expressions": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            curly: "error",
            eqeqeq: "error",
            "prefer-const": "error",
            "no-console": "off",
        },
    },
    {
        // Tests build loose fixtures on purpose (mutating raw config objects).
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-non-null-assertion": "off",
        },
    },
);
