/**
 * Credentials by shape: names that say secret in any case and separator style, and values shaped like
 * a provider's token, a private key, a credential inside a URL or a connection string, or a long
 * high-entropy string. Every check is a single pass or an anchored pattern over one token whose
 * character classes cannot overlap, so a value of any length is checked in linear time.
 *
 * Token formats: AWS access key ids (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids),
 * GitHub (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/),
 * GitLab (https://docs.gitlab.com/security/tokens/#token-prefixes), Slack (https://api.slack.com/concepts/token-types),
 * Stripe (https://docs.stripe.com/keys), Google API keys, npm (https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/),
 * SendGrid, Twilio, OpenAI and Anthropic key prefixes, JSON Web Tokens (RFC 7519).
 */

/** Words that mark a secret when a name holds them as a word. */
const SECRET_WORDS = new Set([
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
    "APIKEY",
    "PRIVATEKEY",
    "ACCESSKEY",
    "SECRETKEY",
    "AUTHKEY",
    "CLIENTSECRET",
    "BEARER",
    "COOKIE",
    "SESSIONKEY",
    "SIGNINGKEY",
    "ENCRYPTIONKEY",
    "MASTERKEY",
    "DSN",
]);
/** Consecutive words that mark a secret. */
const SECRET_PAIRS = new Set([
    "API KEY",
    "PRIVATE KEY",
    "ACCESS KEY",
    "SECRET KEY",
    "SIGNING KEY",
    "ENCRYPTION KEY",
    "MASTER KEY",
    "AUTH KEY",
    "SESSION KEY",
    "CONNECTION STRING",
    "CLIENT SECRET",
    "WEBHOOK URL",
]);
/** Long words that mark a secret wherever they appear in a name written without separators. */
const SECRET_STEMS = [
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "CREDENTIAL",
    "APIKEY",
    "PRIVATEKEY",
    "ACCESSKEY",
];

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

/** The words of a name in any style: `dbPassword`, `db-password`, `DB_PASSWORD`, `HTTPToken`. One pass. */
export function nameWords(name: string): string[] {
    const kind = (i: number): number => {
        const c = name.charCodeAt(i);
        return c >= 97 && c <= 122
            ? LOWER
            : c >= 65 && c <= 90
              ? UPPER
              : c >= 48 && c <= 57
                ? DIGIT
                : 0;
    };
    const upper = name.toUpperCase();
    const words: string[] = [];
    let start = -1;
    for (let i = 0; i <= name.length; i++) {
        const k = i < name.length ? kind(i) : 0;
        if (k === 0) {
            if (start >= 0) {
                words.push(upper.slice(start, i));
            }
            start = -1;
            continue;
        }
        const prev = i > 0 ? kind(i - 1) : 0;
        const boundary =
            start >= 0 &&
            k === UPPER &&
            (prev === LOWER || prev === DIGIT || (prev === UPPER && kind(i + 1) === LOWER));
        if (boundary) {
            words.push(upper.slice(start, i));
            start = i;
        } else if (start < 0) {
            start = i;
        }
    }
    return words;
}

/** Why the name `name` says secret (the word that does), or undefined. */
export function secretName(name: string): string | undefined {
    const words = nameWords(name);
    const word = words.find((w) => SECRET_WORDS.has(w) || w.endsWith("TOKEN"));
    if (word) {
        return word;
    }
    for (let i = 0; i + 1 < words.length; i++) {
        const pair = `${words[i]} ${words[i + 1]}`;
        if (SECRET_PAIRS.has(pair)) {
            return pair.replace(" ", "_");
        }
    }
    const joined = words.join("");
    return SECRET_STEMS.find((stem) => joined.includes(stem));
}

/** Token formats, each anchored to one whole token. */
const TOKEN_SHAPES: readonly [RegExp, string][] = [
    [/^(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}$/, "an AWS access key id"],
    [/^(?=[A-Za-z0-9/+]{40}$)(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])/, "an AWS secret access key"],
    [/^gh[pousr]_[A-Za-z0-9]{36,251}$/, "a GitHub token"],
    [/^github_pat_[A-Za-z0-9_]{22,255}$/, "a GitHub token"],
    [/^glpat-[A-Za-z0-9_-]{20,}$/, "a GitLab token"],
    [/^xox[abposre]-[A-Za-z0-9-]{10,}$/, "a Slack token"],
    [/^(sk|rk|pk)_(live|test)_[A-Za-z0-9]{16,}$/, "a Stripe key"],
    [/^AIza[A-Za-z0-9_-]{35}$/, "a Google API key"],
    [/^npm_[A-Za-z0-9]{36}$/, "an npm token"],
    [/^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/, "a SendGrid key"],
    [/^(SK|AC)[0-9a-f]{32}$/, "a Twilio key"],
    [/^sk-(ant-|proj-)?[A-Za-z0-9_-]{20,}$/, "an API key"],
    [/^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, "a JSON Web Token"],
];

/** No token format above, and no high-entropy string, is shorter than this. */
const SHORTEST_TOKEN = 20;

/** Webhook URLs whose path is the credential. */
const WEBHOOK_HOSTS = [
    "hooks.slack.com/",
    "discord.com/api/webhooks/",
    "discordapp.com/api/webhooks/",
    "outlook.office.com/webhook",
    ".webhook.office.com/",
    "events.pagerduty.com/integration/",
    "api.opsgenie.com/",
];

/** Bits of Shannon entropy per character of `text`. */
export function entropy(text: string): number {
    const counts = new Map<string, number>();
    for (const c of text) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}

/** Shortest token the entropy check reads, and the bits per character that make it random-looking. */
const ENTROPY_MIN_LENGTH = 24;
const ENTROPY_MIN_BITS = 4.2;

/** True for a long token that mixes upper and lower case and digits with random-looking entropy. */
function highEntropy(token: string): boolean {
    return (
        token.length >= ENTROPY_MIN_LENGTH &&
        /[A-Z]/.test(token) &&
        /[a-z]/.test(token) &&
        /[0-9]/.test(token) &&
        entropy(token) >= ENTROPY_MIN_BITS
    );
}

/** The index of the first match of `re` (global) in `text` at or after `from`, or `text.length`. */
function nextIndex(re: RegExp, text: string, from: number): number {
    re.lastIndex = from;
    const m = re.exec(text);
    return m ? m.index : text.length;
}

/** What a URL's authority, query or webhook path gives away, or undefined. Each character read once. */
function urlCredential(value: string): string | undefined {
    const authorityEnd = /[/?#\s]/g;
    const whitespace = /\s/g;
    for (let at = value.indexOf("://"); at >= 0;) {
        const start = at + 3;
        const end = nextIndex(authorityEnd, value, start);
        const authority = value.slice(start, end);
        const userinfo = authority.includes("@")
            ? authority.slice(0, authority.lastIndexOf("@"))
            : "";
        if (userinfo.includes(":") && userinfo.indexOf(":") < userinfo.length - 1) {
            return "a URL with a password";
        }
        const tailEnd = nextIndex(whitespace, value, end);
        const tail = value.slice(end, tailEnd);
        const query = tail.includes("?") ? tail.slice(tail.indexOf("?") + 1) : "";
        for (const pair of query.split("&")) {
            const key = pair.split("=")[0];
            if (!pair.includes("=")) {
                continue;
            }
            if (/^(sig|signature|code|key|x-amz-signature|x-amz-credential)$/i.test(key)) {
                return "a URL with a signature or key";
            }
            if (secretName(key)) {
                return "a URL with a credential in its query";
            }
        }
        const full = `${authority}${tail}`.toLowerCase();
        if (WEBHOOK_HOSTS.some((h) => full.includes(h))) {
            return "a webhook URL (its path is the credential)";
        }
        at = value.indexOf("://", Math.max(tailEnd, start));
    }
    return undefined;
}

/** A value that only names where the secret comes from: `${VAR}`, `{{ .x }}`, `<password>`, `%s`. */
const PLACEHOLDER = /^(\$\{[^}]*\}|\{\{[^}]*\}\}|<[^>]*>|%(\([^)]*\))?s)$/;

/** What credential `value` looks like, or undefined. Linear in the length of `value`. */
export function credentialShape(value: string): string | undefined {
    if (value.includes("-----BEGIN ")) {
        return "a PEM block";
    }
    const url = urlCredential(value);
    if (url) {
        return url;
    }
    // `key=value` pairs of connection strings and env files: `Password=...;`, `DB_PASSWORD=...`.
    for (const m of value.matchAll(
        /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63})(?:[ \t]*=[ \t]*|[ \t]*:[ \t]+)([^;&\s,'"]+)/g,
    )) {
        const word = secretName(m[1]);
        if (word && !PLACEHOLDER.test(m[2])) {
            const what = word.toLowerCase().replace("_", " ");
            return `a connection string with a ${["pwd", "pass", "passwd"].includes(what) ? "password" : what}`;
        }
    }
    if (/\b(bearer|basic)[ \t]+[A-Za-z0-9._~+/=-]{16,}/i.test(value)) {
        return "an Authorization header value";
    }
    for (const m of value.matchAll(/[A-Za-z0-9_.+/=-]+/g)) {
        const token = m[0];
        if (token.length < SHORTEST_TOKEN) {
            continue;
        }
        const shape = TOKEN_SHAPES.find(([re]) => re.test(token));
        if (shape) {
            return shape[1];
        }
        for (const part of token.split(/[./]/)) {
            if (highEntropy(part)) {
                return "a long random-looking string";
            }
        }
    }
    return undefined;
}
