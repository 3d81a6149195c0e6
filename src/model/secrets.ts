/**
 * Keeping secrets out of the catalog and therefore out of the output: what a secret *file path*
 * looks like (receivers name files Alertmanager reads at send time), and the credentials that
 * can hide in text (a URL's `user:password@`, a `?token=` parameter, a Slack webhook or token).
 *
 * Messages never repeat the suspected secret: they are printed, and CI logs are kept.
 */

export interface SecretProblem {
  readonly message: string;
  readonly hint: string;
}

const FILE_HINT =
  "put the secret in a file Alertmanager can read and give that file's path, such as `/etc/alertmanager/secrets/pagerduty-trading.key` (see docs/alertmanager.md)";

/** A run of letters and digits long enough, and mixed enough, to be a key or token rather than a word. */
const TOKEN_RUN = /[A-Za-z0-9]{16,}/g;
/** A PagerDuty integration (routing) key: 32 hexadecimal digits. */
const HEX_KEY = /[0-9a-fA-F]{32}/;
/** Slack API tokens (`xoxb-…`, `xoxp-…`, `xapp-…`). */
const SLACK_TOKEN = /\bx(?:ox[abposre]|app)-/;
/** A Slack incoming-webhook URL (the URL is the secret), with or without its scheme. */
const SLACK_WEBHOOK = /hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\//i;

function looksLikeToken(text: string): boolean {
  if (HEX_KEY.test(text) || SLACK_TOKEN.test(text)) return true;
  for (const m of text.matchAll(TOKEN_RUN)) {
    if (/[0-9]/.test(m[0]) && /[A-Za-z]/.test(m[0])) return true;
  }
  return false;
}

/**
 * Why `path` is not the path of a file holding a secret, or undefined when it is. A path is
 * absolute or relative (Alertmanager resolves it against its config file's folder), made of
 * segments of letters, digits, `.`, `_`, `-` and `@`, separated by `/`. Refused: what is no such
 * path, a URL (with or without its scheme), a Slack token, and a segment holding a key-like run
 * (32 hexadecimal digits, or 16 or more letters and digits mixing both).
 */
export function secretFileProblem(path: string): SecretProblem | undefined {
  const problem = (message: string): SecretProblem => ({
    message: `must be the path of a file holding the secret, not the secret itself: ${message}`,
    hint: FILE_HINT,
  });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || SLACK_WEBHOOK.test(path)) return problem("this is a URL (secrets never go into the catalog or the output)");
  if (!/^\/?[A-Za-z0-9._@-]+(\/[A-Za-z0-9._@-]+)*$/.test(path)) {
    return problem("a file path here is segments of letters, digits, `.`, `_`, `-` and `@` separated by `/` (no spaces, `:`, `?`, `=`, `~` or empty segments)");
  }
  const segments = path.split("/").filter((s) => s !== "");
  if (!path.startsWith("/") && segments.length > 1 && /\.(com|net|org|io)$/i.test(segments[0]!)) {
    return problem("it starts with a domain name, like a URL without its scheme");
  }
  if (segments.some(looksLikeToken)) {
    return problem(
      "it holds a run of letters and digits that looks like a key or token (32 hexadecimal digits, a Slack `xox…-` token, or 16 or more letters and digits mixing both)",
    );
  }
  return undefined;
}

/**
 * Why `channel` is not a Slack channel Alertmanager can post to, or undefined when it is:
 * `#name` (Slack channel names are at most 80 lower-case letters, digits, `-` and `_`;
 * letters of scripts without case count as lower case), `@user`
 * (user names may also hold `.`), or a channel id such as `C024BE91L`. Anything else, a token in
 * particular, is refused.
 */
export function slackChannelProblem(channel: string): SecretProblem | undefined {
  const hint =
    "give the channel as `#trading-alerts`, a user as `@jane.doe`, or a channel id such as `C024BE91L`; the webhook URL goes in the file `apiUrlFile` names";
  if (SLACK_TOKEN.test(channel) || SLACK_WEBHOOK.test(channel) || /:\/\//.test(channel)) {
    return { message: "must be a Slack channel, not a token or webhook URL (secrets never go into the catalog or the output)", hint };
  }
  if (!/^(#[\p{Ll}\p{Lo}\p{Nd}_-]{1,80}|@[\p{Ll}\p{Lo}\p{Nd}._-]{1,80}|[CGD][A-Z0-9]{8,20})$/u.test(channel)) {
    return { message: "must be a Slack channel: `#` and at most 80 lower-case letters, digits, `-` and `_`, or `@user`, or a channel id", hint };
  }
  if (looksLikeToken(channel)) {
    return { message: "must be a Slack channel, but it holds a run of letters and digits that looks like a key or token", hint };
  }
  return undefined;
}

/** Query parameter names (split into words) that carry credentials: `token`, `api_key`, `X-Amz-Signature`, `password`. */
const SECRET_WORDS = new Set([
  "token",
  "key",
  "apikey",
  "secret",
  "password",
  "passwd",
  "pwd",
  "pass",
  "auth",
  "authorization",
  "signature",
  "sig",
  "credential",
  "credentials",
  "session",
  "sessionid",
  "jwt",
  "bearer",
  "otp",
]);

function isSecretParameter(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => SECRET_WORDS.has(w));
}

/** Schemes whose user name is itself a credential when given (`https://<token>@host`); `ssh://git@host` is not. */
const CREDENTIAL_USER_SCHEMES = new Set(["http", "https", "ws", "wss", "ftp", "ftps"]);

/**
 * Credentials inside `text`, wherever it is in the catalog: a URL with a password
 * (`scheme://user:password@host`), an http(s) URL with any user part (`https://token@host`),
 * a query parameter named like a credential (`?token=`, `?api_key=`, `&X-Amz-Signature=`), a
 * Slack webhook URL or a Slack token.
 */
export function credentialsInText(text: string): SecretProblem | undefined {
  const hint =
    "remove the credentials: obsgen copies text into rule files, runbooks, catalog.json and dashboards, which are committed and served; let the reader's browser or the deployment supply them";
  if (SLACK_WEBHOOK.test(text))
    return {
      message: "holds a Slack incoming-webhook URL, which is itself a secret",
      hint: `${hint}; a receiver's webhook URL goes in the file its \`apiUrlFile\` names`,
    };
  if (SLACK_TOKEN.test(text)) return { message: "holds a Slack token (`xox…-`)", hint };
  for (const url of urlsIn(text)) {
    const at = url.authority.lastIndexOf("@");
    if (at >= 0) {
      const userinfo = url.authority.slice(0, at);
      if (userinfo.includes(":")) return { message: "holds a URL with a password (`user:password@` before the host)", hint };
      if (CREDENTIAL_USER_SCHEMES.has(url.scheme))
        return { message: `holds a ${url.scheme} URL with a user part (\`…@\` before the host), which is how tokens ride in URLs`, hint };
    }
    for (const pair of url.query.split(/[&;]/)) {
      const name = decodeSafely(pair.split("=")[0]!);
      if (name !== "" && pair.includes("=") && isSecretParameter(name)) {
        return { message: `holds a URL whose query parameter \`${name}\` looks like a credential`, hint };
      }
    }
  }
  return undefined;
}

/**
 * The URLs of a text (`scheme://authority/path?query`), found from each `://` rather than with one
 * regular expression, which would backtrack over every long run of letters (quadratic on a long
 * description).
 */
function* urlsIn(text: string): Generator<{ scheme: string; authority: string; query: string }> {
  for (let i = text.indexOf("://"); i >= 0; i = text.indexOf("://", i + 3)) {
    let start = i;
    while (start > 0 && i - start < 32 && /[A-Za-z0-9+.-]/.test(text[start - 1]!)) start--;
    while (start < i && !/[A-Za-z]/.test(text[start]!)) start++;
    if (start === i) continue;
    let end = i + 3;
    while (end < text.length && !/[\s#]/.test(text[end]!)) end++;
    const rest = text.slice(i + 3, end);
    const authorityEnd = rest.search(/[/?]/);
    const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
    const q = rest.indexOf("?");
    yield { scheme: text.slice(start, i).toLowerCase(), authority, query: q < 0 ? "" : rest.slice(q + 1) };
    i = end - 3;
  }
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
