/**
 * The zod schema of a catalog: structural validation of what an author wrote (names, buckets,
 * durations, ports, value ranges). Cross-references (unknown metric, parameter or label value,
 * duplicates, port clashes) are checked by `resolve.ts`, which sees the whole catalog.
 *
 * Objects are strict: an unknown key is a typo the author wants to hear about.
 */
import { z } from "zod";
import { PROMETHEUS_VERSIONS, type PrometheusVersionSetting, targetedVersions, VERSION_MEANINGS } from "../compat/prometheus.js";
import { type MetricRef, UNITS } from "./authoring.js";
import { isValidDuration, parseDuration, parseModelDuration } from "../compat/go/duration.js";
import { DEFAULT_SEVERITIES } from "./conventions.js";
import { fileNameProblem, isWindowsDeviceName } from "./file-names.js";
import {
  DISCOVERY_KINDS,
  environmentNameProblem,
  isSingleDiscovery,
  K8S_LABEL_KEY_RE,
  K8S_LABEL_VALUE_RE,
  K8S_NAMESPACE_RE,
  KUBERNETES_ROLES,
  portNameProblem,
  SELECTOR_OPERATORS,
  sdFileProblem,
  staticTargetProblem,
} from "./discovery.js";
import { hostProblem } from "./hosts.js";
import { secretFileProblem, slackChannelProblem } from "./secrets.js";
import { semverProblem } from "./semver.js";

/** A problem found by a check function: the message, and what to do (shown as the diagnostic's hint). */
interface Problem {
  readonly message: string;
  readonly hint?: string | undefined;
}

/**
 * A zod refinement from a check returning the problem or undefined; the hint travels in the
 * issue's `params` (`resolve.ts` turns it into the diagnostic's hint).
 */
export function refineWith<T>(check: (value: T) => Problem | undefined) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const p = check(value);
    if (p) ctx.addIssue({ code: "custom", message: p.message, ...(p.hint ? { params: { hint: p.hint } } : {}) });
  };
}

/** Prometheus's metric name syntax (https://prometheus.io/docs/concepts/data_model/). */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Prometheus's label name syntax. */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/**
 * Label names a metric may not declare: `__`-prefixed names are reserved for Prometheus's
 * internal use; `le` and `quantile` are the labels histograms and summaries add themselves.
 */
export const RESERVED_LABELS = new Set(["le", "quantile"]);

const metricName = z
  .string()
  .regex(METRIC_NAME_RE, "is not a valid Prometheus metric name (letters, digits, `_` and `:`, not starting with a digit)")
  .refine((s) => !s.startsWith("__"), "starts with `__`, which Prometheus reserves for internal use");

const labelName = z
  .string()
  .regex(LABEL_NAME_RE, "is not a valid Prometheus label name (letters, digits and `_`, not starting with a digit)")
  .refine((s) => !s.startsWith("__"), "starts with `__`, which Prometheus reserves for internal use")
  .refine((s) => !RESERVED_LABELS.has(s), "is reserved: Prometheus adds `le` to histogram buckets and `quantile` to summaries");

/**
 * Annotation names: Prometheus's rule loader requires them to be label names (2.42
 * `model/rulefmt/rulefmt.go`, `Rule.Validate`: `model.LabelName(k).IsValid()`, "invalid annotation
 * name"). Unlike labels, `__`-prefixed names are allowed there.
 */
const annotationName = z
  .string()
  .regex(
    LABEL_NAME_RE,
    "is not a valid Prometheus label name, which Prometheus requires of annotation names (letters, digits and `_`, not starting with a digit)",
  );

/** Checks the keys of a record with `name` (a label or annotation name schema), naming the key. */
function keysAre(name: z.ZodType<string>, what: string) {
  return (rec: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const key of Object.keys(rec)) {
      const r = name.safeParse(key);
      if (!r.success) ctx.addIssue({ code: "custom", path: [key], message: `${what} "${key}" ${r.error.issues[0]?.message}` });
    }
  };
}

const duration = z.string().superRefine(
  refineWith((s: string) => {
    const error = parseModelDuration(s).error;
    if (error === undefined) return undefined;
    // Prometheus holds a duration in Go's time.Duration: its rule loader refuses anything longer.
    if (error === "duration out of range") return { message: "is longer than a Prometheus duration can be (at most 292y)" };
    return { message: "is not a valid Prometheus duration (e.g. `30s`, `5m`, `1h30m`; units ms s m h d w y, largest first)" };
  }),
);

const nonEmpty = z.string().trim().min(1, "must not be empty");

function versionSettingProblem(v: unknown): Problem | undefined {
  const ok = (x: unknown) => (PROMETHEUS_VERSIONS as readonly unknown[]).includes(x);
  if (Array.isArray(v) ? v.length > 0 && v.every(ok) : ok(v)) return undefined;
  return {
    message:
      Array.isArray(v) && v.length === 0
        ? "lists no Prometheus version"
        : `must be ${PROMETHEUS_VERSIONS.map((x) => `"${x}"`).join(", ")} or a list of them such as ${JSON.stringify(PROMETHEUS_VERSIONS)}`,
    hint: `${VERSION_MEANINGS}; list both for output right on either`,
  };
}

/**
 * `prometheus.version` (catalog and obsgen.config.ts): the Prometheus versions the output must be
 * right on, as a list in `PROMETHEUS_VERSIONS` order. Absent, `DEFAULT_TARGETED_VERSIONS` (both).
 */
export const prometheusVersionSetting = z
  .custom<PrometheusVersionSetting>()
  .superRefine(refineWith(versionSettingProblem))
  .transform((v) => targetedVersions(v));

const port = z.number().int("must be a whole number").min(1, "must be a port from 1 to 65535").max(65535, "must be a port from 1 to 65535");

const silence = z.strictObject({
  rule: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, "must be a lint rule id such as `naming/base-unit`"),
  reason: nonEmpty,
  until: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
    .optional(),
});

const labelValue = z.string().min(1, "label values must not be empty");

const closedValues = z
  .array(labelValue)
  .min(1, "a closed label needs at least one value (use open(n) for values not known in advance)")
  .superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: "custom", path: [i], message: `duplicate label value "${v}"` });
      seen.add(v);
    });
  });

const labelSpec = z.union([
  closedValues.transform((values) => ({ kind: "closed" as const, values, description: undefined as string | undefined })),
  z
    .strictObject({ values: closedValues, description: z.string().optional() })
    .transform((l) => ({ kind: "closed" as const, values: l.values, description: l.description })),
  z
    .strictObject({
      open: z.literal(true),
      maxValues: z.number().int().positive("must be a positive whole number: the most distinct values the label takes"),
      examples: z.array(labelValue).default([]),
      description: z.string().optional(),
    })
    .transform((l) => ({ kind: "open" as const, maxValues: l.maxValues, examples: l.examples, description: l.description })),
]);

const labels = z.record(z.string(), labelSpec).superRefine(keysAre(labelName, "label name"));

const buckets = z
  .array(z.number().refine(Number.isFinite, "must be a finite number (+Inf is implicit)"))
  .min(1, "a histogram needs at least one bucket")
  .superRefine((bs, ctx) => {
    for (let i = 1; i < bs.length; i++) {
      const prev = bs[i - 1]!;
      const cur = bs[i]!;
      if (cur === prev) ctx.addIssue({ code: "custom", path: [i], message: `must be strictly increasing: bucket ${cur} appears twice` });
      else if (cur < prev) ctx.addIssue({ code: "custom", path: [i], message: `must be strictly increasing: ${cur} comes after ${prev}` });
    }
  });

const metricCommon = {
  name: metricName,
  help: nonEmpty,
  unit: z.enum(UNITS).default("none"),
  labels: labels.default({}),
  silence: z.array(silence).default([]),
  notes: z.string().optional(),
  renamedFrom: z
    .strictObject({
      name: metricName,
      until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD"),
    })
    .optional(),
};

export const metricSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("counter"), ...metricCommon }),
  z.strictObject({ type: z.literal("gauge"), ...metricCommon }),
  z.strictObject({
    type: z.literal("histogram"),
    ...metricCommon,
    buckets,
    // false: classic only; true: native only (Prometheus 3); "both": exposed both ways, read classic.
    native: z.union([z.boolean(), z.literal("both")]).default(false),
  }),
]);

/**
 * A metric is referenced by its definition object or by its full name; both resolve by name.
 * Only the object's `name` is read (its other fields were checked where it is declared), so at run
 * time any object with a `name` and a `type` passes; the declared input type is the authoring
 * API's `MetricRef`, which the type test (`authoring-schema.test.ts`) holds the rest to.
 */
const metricRef = z.union([z.string().min(1), z.looseObject({ name: z.string(), type: z.string() }).transform((m) => m.name)]) as z.ZodType<string, MetricRef>;

const requiredMatchers = z.record(z.string(), z.union([labelValue, z.array(labelValue).min(1)]));
/** Label matchers that may be left out: none selects every series. */
const matchers = requiredMatchers.default({});

const paramRef = z.strictObject({ param: nonEmpty, factor: z.number().finite().default(1) });
const threshold = z.union([z.number().refine(Number.isFinite, "must be a finite number"), paramRef]);
const comparator = z.enum([">", ">=", "<", "<=", "==", "!="]);
const byLabels = z.array(z.string()).default([]);

/** The fields of each query kind; a condition adds a comparison, a dashboard query a window macro. */
function queryShapes(window: z.ZodType<string, string>) {
  return {
    quantile: {
      kind: z.literal("quantile"),
      metric: metricRef,
      quantile: z.number().gt(0, "must be between 0 and 1 (exclusive)").lt(1, "must be between 0 and 1 (exclusive)"),
      window,
      where: matchers,
      by: byLabels,
    },
    rate: {
      kind: z.literal("rate"),
      metric: metricRef,
      window,
      per: z.enum(["second", "minute"]).default("second"),
      where: matchers,
      by: byLabels,
    },
    increase: { kind: z.literal("increase"), metric: metricRef, window, where: matchers, by: byLabels },
    value: {
      kind: z.literal("value"),
      metric: metricRef,
      where: matchers,
      aggregate: z.enum(["sum", "max", "min", "avg"]).optional(),
      by: byLabels,
      abs: z.boolean().default(false),
    },
    ratio: { kind: z.literal("ratio"), metric: metricRef, window, numerator: requiredMatchers, denominator: matchers, by: byLabels },
  };
}

const alertQuery = queryShapes(duration);
const compared = { op: comparator, threshold };

const typedConditions = [
  z.strictObject({ ...alertQuery.quantile, ...compared }),
  z.strictObject({ ...alertQuery.rate, ...compared }),
  z.strictObject({ ...alertQuery.increase, ...compared }),
  z.strictObject({ ...alertQuery.value, ...compared }),
  z.strictObject({ ...alertQuery.ratio, ...compared }),
] as const;

const condition = z.discriminatedUnion("kind", [
  ...typedConditions,
  z.strictObject({
    kind: z.literal("expr"),
    expr: nonEmpty,
    metrics: z.array(metricRef).default([]),
    threshold: threshold.optional(),
    op: comparator.optional(),
  }),
]);

/** Grafana's range macros, valid as a dashboard query's window. */
export const GRAFANA_RANGE_MACROS = ["$__rate_interval", "$__interval", "$__range"] as const;
const panelWindow = z
  .string()
  .refine(
    (w) => (GRAFANA_RANGE_MACROS as readonly string[]).includes(w) || isValidDuration(w),
    "must be a Prometheus duration or one of Grafana's `$__rate_interval`, `$__interval`, `$__range`",
  );
const panelQuery = queryShapes(panelWindow);

const dashboardQuery = z.discriminatedUnion("kind", [
  z.strictObject(panelQuery.quantile),
  z.strictObject(panelQuery.rate),
  z.strictObject(panelQuery.increase),
  z.strictObject(panelQuery.value),
  z.strictObject(panelQuery.ratio),
  z.strictObject({
    kind: z.literal("expr"),
    expr: nonEmpty,
    metrics: z.array(metricRef).default([]),
    threshold: threshold.optional(),
    op: comparator.optional(),
  }),
]);

const target = z.union([
  z.strictObject({
    query: dashboardQuery,
    legend: z.string().optional(),
    instant: z.boolean().default(false),
    format: z.enum(["time_series", "table", "heatmap"]).default("time_series"),
  }),
  dashboardQuery.transform((query) => ({ query, legend: undefined, instant: false, format: "time_series" as const })),
]);

const panelSchema = z.strictObject({
  type: z.enum(["stat", "gauge", "timeseries", "heatmap", "table", "status"]),
  key: nonEmpty.optional(),
  title: nonEmpty,
  description: nonEmpty,
  targets: z.array(target).min(1, "a panel needs at least one query"),
  unit: z.string().min(1).optional(),
  width: z.number().int().min(1, "width is 1 to 24 grid columns").max(24, "width is 1 to 24 grid columns").optional(),
  height: z.number().int().min(1).max(64).default(8),
  stacked: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  alerts: z.array(z.string()).optional(),
});

/**
 * A Grafana folder of dashboards: one folder name on every system, since file provisioning
 * (`foldersFromFilesStructure`) and the dashboard sidecar both name the folder after a directory.
 */
const grafanaFolder = z.string().superRefine(
  refineWith((name: string) => {
    const p = fileNameProblem(name);
    return p
      ? {
          message: `${p}; a Grafana folder is a directory of the output (grafana/dashboards/<folder>/) and of Grafana's provisioning`,
          hint: "name the folder with letters, digits, spaces, `_`, `-` or `.` inside, such as `Trading`",
        }
      : undefined;
  }),
);

export const dashboardSchema = z.strictObject({
  title: nonEmpty,
  uid: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/, "must be 1 to 40 letters, digits, `-` or `_` (Grafana's uid rules)")
    .refine((uid) => !isWindowsDeviceName(uid), {
      message:
        "is a device name Windows reserves (`CON`, `PRN`, `AUX`, `NUL`, `COM1`…, `LPT1`…, in any case): the dashboard's file `grafana/dashboards/<folder>/<uid>.json` could not be checked out on Windows",
      params: { hint: "choose another uid" },
    })
    .optional(),
  description: nonEmpty,
  refresh: duration.default("30s"),
  tags: z.array(z.string()).default([]),
  from: z
    .string()
    .regex(/^now-\S+$/, "must be `now-<duration>`, e.g. `now-1h`")
    .default("now-1h"),
  rows: z.array(z.strictObject({ title: nonEmpty, panels: z.array(panelSchema).min(1, "a row needs at least one panel") })).min(1),
  silence: z.array(silence).default([]),
  /** Grafana folder of the dashboard; the catalog's `grafana.folder` when absent. */
  folder: grafanaFolder.optional(),
});

/**
 * A Grafana dashboard kept as exported (`rawDashboard`): any JSON object, checked where obsgen
 * needs it (its uid names its file; resolve-raw-dashboards.ts), otherwise Grafana's to read.
 */
export const rawDashboardSchema = z.strictObject({
  json: z.record(z.string(), z.unknown()),
  folder: grafanaFolder.optional(),
});

/**
 * A `dashboards` entry: a raw dashboard when it has `json`, else a catalog dashboard. Choosing
 * the shape by key gives errors about the fields of the shape meant, not a union's "matches no form".
 */
const dashboardEntry = z.unknown().transform((d, ctx) => {
  const raw = d !== null && typeof d === "object" && "json" in d;
  const parsed = (raw ? rawDashboardSchema : dashboardSchema).safeParse(d);
  if (parsed.success)
    return raw ? { kind: "raw" as const, ...(parsed.data as RawDashboardSpecFields) } : { kind: "catalog" as const, ...(parsed.data as DashboardSpec) };
  for (const issue of parsed.error.issues) ctx.addIssue({ ...(issue as object), code: "custom", message: issue.message, path: issue.path } as never);
  return z.NEVER;
}) as unknown as z.ZodType<
  ({ kind: "catalog" } & z.output<typeof dashboardSchema>) | ({ kind: "raw" } & z.output<typeof rawDashboardSchema>),
  z.input<typeof dashboardSchema> | z.input<typeof rawDashboardSchema>
>;
type RawDashboardSpecFields = z.output<typeof rawDashboardSchema>;

const stringMap = z.record(z.string(), z.string()).default({});

/** A label name of a series (an expected alert's labels in a rule test): any valid label name. */
const seriesLabelName = z.string().regex(LABEL_NAME_RE, "is not a valid Prometheus label name (letters, digits and `_`, not starting with a digit)");

/** A hand-written promtool test case of an alert (`alert_rule_test` with the alert's name implied). */
const alertTestSchema = z.strictObject({
  name: nonEmpty.optional(),
  interval: duration.default("1m"),
  inputSeries: z.array(z.strictObject({ series: nonEmpty, values: nonEmpty })).min(1, "give at least one input series"),
  checks: z
    .array(
      z.strictObject({
        evalTime: duration,
        firing: z.array(
          z.strictObject({
            labels: z.record(z.string(), z.string()).superRefine(keysAre(seriesLabelName, "label name")).default({}),
            value: z.number().optional(),
            annotations: z.record(z.string(), z.string()).superRefine(keysAre(annotationName, "annotation name")).optional(),
          }),
        ),
      }),
    )
    .min(1, "give at least one check (an eval time and the alerts firing then)"),
  ruleGroups: z.array(z.string().min(1)).default([]),
});

/** A severity label value: a lower-case word, as Alertmanager routes and people read it. */
const severityWord = z.string().regex(/^[a-z]+$/, "must be a lower-case word such as `critical`");

export const alertSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must be an identifier such as `HighOrderLatency` (letters, digits, `_`)"),
  priority: z.enum(["P0", "P1", "P2"]),
  severity: severityWord.optional(),
  team: nonEmpty,
  for: duration.default("0s"),
  summary: nonEmpty,
  description: nonEmpty,
  action: nonEmpty,
  condition,
  labels: stringMap.superRefine(keysAre(labelName, "label name")),
  annotations: stringMap.superRefine(keysAre(annotationName, "annotation name")),
  runbook: z
    .strictObject({
      steps: z.array(nonEmpty).default([]),
      notes: z.string().optional(),
      escalation: z.string().optional(),
      panels: z.array(nonEmpty).default([]),
    })
    .default({ steps: [], panels: [] }),
  inhibits: z
    .strictObject({
      alerts: z.array(z.string().min(1)).min(1, "name at least one alert to inhibit"),
      equal: z.array(labelName).default([]),
      reason: nonEmpty,
    })
    .optional(),
  silence: z.array(silence).default([]),
  source: z.string().optional(),
  tests: z.array(alertTestSchema).default([]),
});

/**
 * A service's or group's name also names the files of its metric stubs
 * (`rust/src/services/<name>.rs`, `typescript/src/services/<name>.ts`), so it must fit in a file
 * name. (A Windows device name is fine: the stubs give it a suffix, `con_.rs`; kebab case rules
 * out every other file-name problem.)
 */
function stubFileName(kind: string) {
  return refineWith<string>((name) => {
    const p = isWindowsDeviceName(name) ? undefined : fileNameProblem(`${name}.rs`);
    return p ? { message: `names the ${kind}'s metric stub files, and the file name ${name}.rs ${p}`, hint: `give the ${kind} a shorter name` } : undefined;
  });
}

/** A host a scrape target can name (`hosts.ts`). */
const host = z.string().superRefine(refineWith(hostProblem));

/** A duration longer than zero: Prometheus reads a zero scrape interval or timeout as "not set". */
const positiveDuration = duration.refine((s) => parseDuration(s) !== 0, "must be longer than 0");

/** How Prometheus scrapes a service; every field defaults (`resolve.ts`). */
export const scrapeSchema = z.strictObject({
  interval: positiveDuration.optional(),
  timeout: positiveDuration.optional(),
  path: z
    .string()
    .regex(/^\/[^\s?#]*$/, "must be a URL path starting with `/`, without query or fragment, such as `/metrics`")
    .optional(),
  scheme: z.enum(["http", "https"]).optional(),
});

const k8sLabelKey = z.string().regex(K8S_LABEL_KEY_RE, "must be a Kubernetes label key such as `app.kubernetes.io/name`");
const k8sLabelValue = z.string().regex(K8S_LABEL_VALUE_RE, "must be a Kubernetes label value: at most 63 of letters, digits, `-`, `_`, `.`");

const selectorRequirement = z
  .strictObject({ key: k8sLabelKey, operator: z.enum(SELECTOR_OPERATORS), values: z.array(k8sLabelValue).optional() })
  .superRefine((r, ctx) => {
    // apimachinery's LabelSelectorRequirement: In and NotIn need values, Exists and DoesNotExist take none.
    const wantsValues = r.operator === "In" || r.operator === "NotIn";
    if (wantsValues && (r.values ?? []).length === 0) ctx.addIssue({ code: "custom", path: ["values"], message: `\`${r.operator}\` needs at least one value` });
    if (!wantsValues && r.values !== undefined && r.values.length > 0)
      ctx.addIssue({ code: "custom", path: ["values"], message: `\`${r.operator}\` takes no values`, params: { hint: "leave `values` out" } });
  });

const kubernetesDiscovery = z.strictObject({
  kubernetes: z.strictObject({
    role: z.enum(KUBERNETES_ROLES),
    namespaces: z
      .array(z.string().regex(K8S_NAMESPACE_RE, "must be a Kubernetes namespace name (lowercase letters, digits, `-`)"))
      .min(1, "name at least one namespace, or leave `namespaces` out for all")
      .optional(),
    selector: z
      .strictObject({ matchLabels: z.record(k8sLabelKey, k8sLabelValue).optional(), matchExpressions: z.array(selectorRequirement).optional() })
      .superRefine(
        refineWith((s: { matchLabels?: Record<string, string> | undefined; matchExpressions?: readonly unknown[] | undefined }) =>
          Object.keys(s.matchLabels ?? {}).length + (s.matchExpressions ?? []).length === 0
            ? {
                message: "selects nothing in particular: an empty selector keeps every Service (or pod) in the namespaces, other services' included",
                hint: 'give `matchLabels` (such as `{ "app.kubernetes.io/name": "checkout" }`) or `matchExpressions`',
              }
            : undefined,
        ),
      ),
    port: z.string().superRefine(refineWith(portNameProblem)),
  }),
});

const staticDiscovery = z.strictObject({
  static: z
    .array(z.string().superRefine(refineWith(staticTargetProblem)))
    .min(1, "list at least one `host:port` target, or leave `discovery` out for `host:metricsPort`"),
});

const fileDiscovery = z.strictObject({
  file: z.strictObject({
    files: z.array(z.string().superRefine(refineWith(sdFileProblem))).min(1, "list at least one targets file"),
    refreshInterval: positiveDuration.optional(),
  }),
});

const DISCOVERY_OF_KIND = { static: staticDiscovery, file: fileDiscovery, kubernetes: kubernetesDiscovery } as const;

/** One discovery: `{ static: [...] }`, `{ file: {...} }` or `{ kubernetes: {...} }`. */
export const discoverySchema = z.union([staticDiscovery, fileDiscovery, kubernetesDiscovery]);
export type DiscoverySpec = z.output<typeof discoverySchema>;

const environmentName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, "must be a lowercase name such as `production` or `staging`")
  .superRefine(refineWith(environmentNameProblem));

/**
 * A service's `discovery`: one for every environment, or a record of one per environment. Told
 * apart by their keys (a kind, or environment names, which may not be kinds), and validated as
 * the shape they are, so a mistake is reported inside that shape rather than as "matches no form".
 */
const discoverySetting = z.unknown().transform((value, ctx) => {
  let schema: z.ZodType = z.record(environmentName, discoverySchema);
  if (isSingleDiscovery(value)) {
    const kinds = Object.keys(value as object).filter((k) => (DISCOVERY_KINDS as readonly string[]).includes(k)) as (keyof typeof DISCOVERY_OF_KIND)[];
    if (kinds.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: `gives ${kinds.map((k) => `\`${k}\``).join(" and ")}: a service is discovered one way`,
        params: { hint: "keep one; to discover it differently per environment, key the discoveries by environment name" },
      });
      return z.NEVER;
    }
    schema = DISCOVERY_OF_KIND[kinds[0]!];
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
}) as unknown as z.ZodType<DiscoverySpec | Record<string, DiscoverySpec>, z.input<typeof discoverySchema> | Record<string, z.input<typeof discoverySchema>>>;

export const serviceSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "must be kebab-case such as `execution-engine`")
    .superRefine(stubFileName("service")),
  description: nonEmpty,
  label: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]+$/, "must be a plain label value (letters, digits, `_`, `-`, `.`)")
    .optional(),
  host: host.default("localhost"),
  metricsPort: port,
  processPort: z.strictObject({ port, protocol: nonEmpty }).optional(),
  scrape: scrapeSchema.optional(),
  discovery: discoverySetting.optional(),
  availability: z.number().gt(0, "must be a percentage between 0 and 100 (exclusive)").lt(100, "must be a percentage between 0 and 100 (exclusive)").optional(),
  team: z.string().optional(),
  metrics: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "metric keys are snake_case ids"), metricSchema).default({}),
  alerts: z.array(alertSchema).default([]),
});

export const groupSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "must be kebab-case such as `system`")
    .superRefine(stubFileName("group")),
  description: nonEmpty,
  exposedBy: z.array(z.string()).min(1, "name at least one service that exposes these metrics"),
  metrics: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "metric keys are snake_case ids"), metricSchema),
  alerts: z.array(alertSchema).default([]),
});

const percent = z.number().gt(0, "must be a percentage between 0 and 100 (exclusive)").lt(100, "must be a percentage between 0 and 100 (exclusive)");
const sloName = z.string().regex(/^[a-z][a-z0-9-]*$/, "must be kebab-case such as `order-success-rate`");

export const sloSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("latency"),
    name: sloName,
    description: nonEmpty,
    team: z.string().optional(),
    metric: metricRef,
    quantile: z.number().gt(0).lt(1),
    threshold: z.number().positive(),
    window: duration,
    for: duration.optional(),
    where: matchers,
  }),
  z.strictObject({
    kind: z.literal("ratio"),
    name: sloName,
    description: nonEmpty,
    team: z.string().optional(),
    metric: metricRef,
    good: requiredMatchers,
    total: matchers,
    objective: percent,
    window: duration,
    alertBelow: percent.optional(),
    for: duration.optional(),
  }),
  z.strictObject({
    kind: z.literal("gauge"),
    name: sloName,
    description: nonEmpty,
    metric: metricRef,
    where: matchers,
    objective: z.number().finite(),
    window: duration,
    alertBelow: z.number().finite().optional(),
  }),
  z.strictObject({
    kind: z.literal("manual"),
    name: sloName,
    description: nonEmpty,
    objective: nonEmpty,
    reason: nonEmpty,
  }),
]);

const parameter = z.strictObject({
  default: z.number().refine(Number.isFinite, "must be a finite number"),
  unit: z.enum(UNITS).default("none"),
  description: nonEmpty,
});

const parameterNames = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "parameter names are snake_case such as `max_daily_loss`"), parameter);

/**
 * A base URL that obsgen appends paths to (`<grafana.baseUrl>/d/<uid>?viewPanel=<id>`,
 * `<runbooks.baseUrl>/<slug>`): an http(s) URL with a host (or, where `allowPath`, an absolute
 * path), and neither query nor fragment, which would end up before the appended path.
 * Credentials in it (`user:password@`, `?token=`) are refused by the walk over every text
 * (`text-checks.ts`), which covers every URL of the catalog and the config alike.
 */
function baseUrlProblem(url: string, allowPath: boolean): Problem | undefined {
  const example = allowPath ? "`https://runbooks.example.com/trading` or `/runbooks`" : "`https://grafana.example.com`";
  const hint = `write it as ${example}`;
  if (/\s/.test(url)) return { message: "must not hold white space", hint };
  if (allowPath && url.startsWith("/") && !url.startsWith("//")) {
    return /[?#]/.test(url) ? { message: "must not hold a query or fragment (`?`, `#`): obsgen appends each page's path to it", hint } : undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { message: `must be an http(s) URL${allowPath ? " or an absolute path" : ""}`, hint };
  }
  if (!/^https?:$/.test(parsed.protocol) || !/^https?:\/\/[^/]/i.test(url))
    return { message: `must be an http(s) URL${allowPath ? " or an absolute path" : ""}`, hint };
  if (/[?#]/.test(url)) return { message: "must not hold a query or fragment (`?`, `#`): obsgen appends paths to it", hint };
  return undefined;
}

function baseUrl(allowPath: boolean) {
  return z
    .string()
    .superRefine(refineWith((u: string) => baseUrlProblem(u, allowPath)))
    .transform((u) => u.replace(/\/+$/, ""));
}

const httpUrl = baseUrl(false);

export const logQuerySchema = z.strictObject({
  name: nonEmpty,
  query: nonEmpty,
  language: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "must be a lower-case word such as `lucene`")
    .default("lucene"),
  services: z.array(z.string().min(1)).min(1, "name at least one service, or leave `services` out for every service").optional(),
  description: z.string().optional(),
});

/** A path to a file holding a secret. Anything that looks like the secret itself is refused (`secrets.ts`). */
const secretFile = z.string().superRefine(refineWith(secretFileProblem));

const receiverName = z.string().regex(/^[a-z][a-z0-9-]*$/, "receiver names are kebab-case such as `trading-page`");

const receiverSchema = z
  .strictObject({
    description: z.string().optional(),
    pagerduty: z.array(z.strictObject({ routingKeyFile: secretFile })).default([]),
    slack: z.array(z.strictObject({ apiUrlFile: secretFile, channel: z.string().superRefine(refineWith(slackChannelProblem)) })).default([]),
  })
  .superRefine((r, ctx) => {
    if (r.pagerduty.length + r.slack.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "a receiver needs at least one integration (`pagerduty` or `slack`): otherwise its alerts reach no one",
      });
    }
  });

function timing(d: { groupWait: string; groupInterval: string; repeatInterval: string }) {
  return z
    .strictObject({
      groupWait: duration.default(d.groupWait),
      groupInterval: duration.default(d.groupInterval),
      repeatInterval: duration.default(d.repeatInterval),
    })
    .default(() => ({ ...d }));
}

/** Default notification timing per priority (spec 4: P0 immediate, P1 within 15 minutes, P2 daily review). */
export const DEFAULT_TIMING = {
  P0: { groupWait: "10s", groupInterval: "1m", repeatInterval: "30m" },
  P1: { groupWait: "30s", groupInterval: "5m", repeatInterval: "15m" },
  P2: { groupWait: "5m", groupInterval: "1h", repeatInterval: "24h" },
} as const;

const labelMatch = z.record(z.string(), z.string()).superRefine((rec, ctx) => {
  if (Object.keys(rec).length === 0) ctx.addIssue({ code: "custom", path: [], message: "give at least one label value to match" });
  keysAre(labelName, "label name")(rec, ctx);
});

/**
 * While a team is paged (P0) about a service, its P1 and P2 alerts of that service are held back:
 * they are that incident's symptoms, and the on-call already looks at the service. Matched on
 * `priority`, not `severity`, so a page is never held back, even one with its own `severity`.
 * Alertmanager compares each `equal` label as a string, a missing label being "" (hasEqual in
 * inhibit/inhibit.go, v0.25), so no label that differs between two catalog alerts (`alertname`:
 * names are unique) may be in it, or the rule never matches.
 */
export const DEFAULT_INHIBIT_RULES = (["P1", "P2"] as const).map((target) => ({
  source: { priority: "P0" },
  target: { priority: target },
  equal: ["service", "team"],
  reason: `a P0 alert already pages the owning team about this service; its ${target} alerts of the same service are symptoms of it`,
}));

export const alertingSchema = z.strictObject({
  receivers: z.record(receiverName, receiverSchema).refine((r) => Object.keys(r).length > 0, "declare at least one receiver"),
  teams: z.record(z.string(), z.strictObject({ P0: receiverName, P1: receiverName, P2: receiverName, other: receiverName.optional() })),
  defaultReceiver: receiverName,
  groupBy: z.array(z.union([z.literal("..."), labelName])).default(["alertname", "service"]),
  timing: z
    .strictObject({ P0: timing(DEFAULT_TIMING.P0), P1: timing(DEFAULT_TIMING.P1), P2: timing(DEFAULT_TIMING.P2) })
    .default(() => structuredClone(DEFAULT_TIMING) as { P0: typeof DEFAULT_TIMING.P0; P1: typeof DEFAULT_TIMING.P1; P2: typeof DEFAULT_TIMING.P2 }),
  resolveTimeout: duration.default("5m"),
  inhibitRules: z
    .array(z.strictObject({ source: labelMatch, target: labelMatch, equal: z.array(labelName).default([]), reason: nonEmpty }))
    .default(() => structuredClone(DEFAULT_INHIBIT_RULES)),
  output: z.enum(["config", "fragment"]).default("config"),
});

/** Where runbook pages are served: shared by the catalog and `obsgen.config.ts`. */
export const runbooksSchema = z.strictObject({
  baseUrl: baseUrl(true),
});

/**
 * Rule groups kept as written (`ruleGroups`): checked as Prometheus's rule loader checks them
 * (2.42 `model/rulefmt/rulefmt.go`, `RuleGroups.Validate` and `RuleNode.Validate`), and no
 * stricter, so that any rule file promtool accepts can be declared. Text is never trimmed: the
 * expression and every value are emitted exactly as given.
 */
const verbatimText = z.string().refine((s) => s.trim() !== "", "must not be empty");
/** rulefmt: a rule's label name must be a valid label name and not `__name__`; `__`-prefixed ones are allowed. */
const ruleLabelName = z
  .string()
  .regex(LABEL_NAME_RE, "is not a valid Prometheus label name (letters, digits and `_`, not starting with a digit)")
  .refine((s) => s !== "__name__", "is `__name__`, which a rule may not set");
const keptExprObject = z
  .strictObject({ kind: z.literal("expr"), expr: verbatimText, metrics: z.array(metricRef).default([]) })
  .transform((e) => ({ expr: e.expr, metrics: e.metrics, condition: null }));
const keptExpr = z.union([verbatimText.transform((expr) => ({ expr, metrics: [] as string[], condition: null })), keptExprObject]);
/**
 * An alerting rule's expression may also be a typed condition (`rate(m, …).above(5)`), which the
 * resolver compiles as it compiles a service alert's (resolve-condition.ts). Chosen by `kind`, so
 * an error names the field of the kind meant.
 */
const keptAlertExpr = z.union([
  verbatimText.transform((expr) => ({ expr, metrics: [] as string[], condition: null })),
  z.discriminatedUnion("kind", [
    keptExprObject,
    ...typedConditions.map((c) => c.transform((condition) => ({ expr: null, metrics: [] as string[], condition }))),
  ]),
]);
const keptAlertRule = z.strictObject({
  alert: verbatimText,
  expr: keptAlertExpr,
  for: duration.optional(),
  keepFiringFor: duration.optional(),
  labels: stringMap.superRefine(keysAre(ruleLabelName, "label name")),
  annotations: stringMap.superRefine(keysAre(annotationName, "annotation name")),
});
const keptRecordRule = z.strictObject({
  record: z.string().regex(METRIC_NAME_RE, "is not a valid metric name, which Prometheus requires of a recording rule's name (letters, digits, `_` and `:`)"),
  expr: keptExpr,
  labels: stringMap.superRefine(keysAre(ruleLabelName, "label name")),
});
/**
 * A kept rule is an alerting rule when it has `alert`, else a recording rule (Prometheus's
 * order, rulefmt.go); one with both is refused as Prometheus refuses it ("only one of 'record'
 * and 'alert' must be set"). Choosing the shape by key gives errors about the fields of the
 * shape meant, not a union's "matches no form".
 */
/** A shape's issue re-added by `keptRule` as a custom one, in the words resolve.ts gives the schema's own. */
function keptRuleMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
  if (issue.code === "invalid_union" && issue.path.at(-1) === "expr")
    return 'is neither PromQL text, `expr("…", { metrics })`, nor a typed condition (kind `quantile`, `rate`, `increase`, `value` or `ratio`) of an alerting rule';
  return issue.message;
}
const keptRule = z.unknown().transform((r, ctx) => {
  const has = (k: string) => r !== null && typeof r === "object" && k in r;
  if (has("alert") && has("record")) {
    ctx.addIssue({
      code: "custom",
      message: "sets both `alert` and `record`: a rule is an alerting or a recording rule",
      params: { hint: "split it into two rules" },
    });
    return z.NEVER;
  }
  const shape = has("record") ? keptRecordRule : keptAlertRule;
  const parsed = shape.safeParse(r);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...(issue as object), code: "custom", message: keptRuleMessage(issue), path: issue.path } as never);
  return z.NEVER;
}) as unknown as z.ZodType<z.output<typeof keptAlertRule> | z.output<typeof keptRecordRule>, z.input<typeof keptAlertRule> | z.input<typeof keptRecordRule>>;

export const keptRuleGroupSchema = z.strictObject({
  name: verbatimText,
  file: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "must be a plain file name without `.yml` (letters, digits, `_`, `-`, `.`)")
    .superRefine(
      refineWith((f) => (fileNameProblem(`${f}.yml`) ? { message: `names the rule file ${f}.yml, which ${fileNameProblem(`${f}.yml`)}` } : undefined)),
    )
    .optional(),
  interval: duration.optional(),
  limit: z.number().int("must be a whole number").min(0, "must be 0 (no limit) or more").optional(),
  queryOffset: duration.optional(),
  rules: z.array(keptRule),
});

export const catalogSchema = z.strictObject({
  /** Names the Grafana provisioning folder (`/var/lib/grafana/dashboards/<name>`) and derives the rule group prefix and package names. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "must be a plain name (letters, digits, `_`, `-`, `.`)")
    .superRefine(
      refineWith((name) => {
        const p = fileNameProblem(name);
        if (p)
          return {
            message: `${p}; the catalog name is a folder of the output (Grafana provisioning reads /var/lib/grafana/dashboards/<name>)`,
            hint: "use letters and digits, with `_`, `-` or `.` inside, such as `py_rt`",
          };
        if (!/[A-Za-z0-9]/.test(name))
          return { message: "must hold a letter or digit: the rule group prefix and package names are derived from them", hint: "use a name such as `py_rt`" };
        return undefined;
      }),
    ),
  description: z.string().optional(),
  /** The version of the generated Rust crate and TypeScript package: SemVer 2.0 (`semver.ts`). */
  version: z
    .string()
    .superRefine(
      refineWith((v) => {
        const p = semverProblem(v);
        return p && { message: p.message, hint: p.suggestion ? `write "${p.suggestion}"` : 'write a version such as "1.2.0" or "1.2.0-rc.1"' };
      }),
    )
    .optional(),
  environments: z
    .array(environmentName)
    .min(1, "name at least one environment, or leave `environments` out")
    .superRefine((names, ctx) => {
      names.forEach((n, i) => {
        if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: [i], message: `environment "${n}" is listed twice` });
      });
    })
    .optional(),
  services: z.array(serviceSchema).min(1, "declare at least one service"),
  groups: z.array(groupSchema).default([]),
  // `defineParameters` returns handles plus `definitions`; a plain record is accepted too.
  parameters: (
    z
      .preprocess((p) => (p && typeof p === "object" && "definitions" in p ? (p as { definitions: unknown }).definitions : p), parameterNames.optional())
      // The preprocess step hides the accepted shape from zod's types; declare it for the type test.
      .transform((p) => p ?? {}) as z.ZodType<
      z.output<typeof parameterNames>,
      z.input<typeof parameterNames> | { readonly definitions: z.input<typeof parameterNames> }
    >
  ).default(() => ({})),
  teams: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, "team names are kebab-case")).min(1, "declare at least one team"),
  slos: z.array(sloSchema).default([]),
  sloPeriod: duration.default("30d"),
  prometheus: z
    .strictObject({
      scrapeInterval: duration.default("15s"),
      evaluationInterval: duration.default("15s"),
      port: port.default(9090),
      ruleGroupPrefix: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/, "must be snake_case such as `trading`")
        .optional(),
      version: prometheusVersionSetting.optional().transform((v) => v ?? targetedVersions(undefined)),
    })
    .default(() => ({ scrapeInterval: "15s", evaluationInterval: "15s", port: 9090, version: targetedVersions(undefined) })),
  alertmanager: z.strictObject({ host: host.default("localhost"), port: port.default(9093) }).default({ host: "localhost", port: 9093 }),
  severities: z
    .strictObject({
      P0: severityWord.default(DEFAULT_SEVERITIES.P0),
      P1: severityWord.default(DEFAULT_SEVERITIES.P1),
      P2: severityWord.default(DEFAULT_SEVERITIES.P2),
    })
    .default(() => ({ ...DEFAULT_SEVERITIES }))
    .superRefine((words, ctx) => {
      // Routing tells the priorities apart by this label: two priorities with one word would share a route.
      for (const p of ["P1", "P2"] as const) {
        const same = (["P0", "P1"] as const).find((q) => q < p && words[q] === words[p]);
        if (same)
          ctx.addIssue({
            code: "custom",
            path: [p],
            message: `${p} has the severity "${words[p]}" of ${same}: Alertmanager routes each priority on its own severity word, so the words must differ`,
          });
      }
    }),
  groupIntervals: z
    .strictObject({ P0: duration.default("10s"), P1: duration.default("30s"), P2: duration.default("1m") })
    .default({ P0: "10s", P1: "30s", P2: "1m" }),
  dashboards: z.array(dashboardEntry).default([]),
  generatedDashboards: z.strictObject({ services: z.boolean().default(true), slo: z.boolean().default(true) }).default({ services: true, slo: true }),
  runbooks: runbooksSchema.optional(),
  logQueries: z.array(logQuerySchema).default([]),
  grafana: z
    .strictObject({
      baseUrl: httpUrl.default("http://localhost:3000"),
      /** Grafana folder of the generated dashboards and of declared ones without their own; the catalog's `name` when absent. */
      folder: grafanaFolder.optional(),
    })
    .default({ baseUrl: "http://localhost:3000" }),
  alerting: alertingSchema.optional(),
  ruleGroups: z.array(keptRuleGroupSchema).default([]),
  lint: z
    .strictObject({
      seriesBudget: z.number().int().positive("must be a positive whole number of series").default(10000),
      rules: z.record(z.string(), z.enum(["error", "warning", "info", "off"])).default({}),
      profile: z.enum(["bugs", "recommended", "all"]).optional(),
    })
    .default({ seriesBudget: 10000, rules: {} }),
});

export type CatalogSpec = z.output<typeof catalogSchema>;
export type MetricSpec = z.output<typeof metricSchema>;
export type AlertSpec = z.output<typeof alertSchema>;
export type KeptRuleGroupSpec = z.output<typeof keptRuleGroupSchema>;
export type ConditionSpec = z.output<typeof condition>;
export type SloSpec = z.output<typeof sloSchema>;
export type ThresholdSpec = z.output<typeof threshold>;
export type LabelSpecResolved = z.output<typeof labelSpec>;
export type Matchers = z.output<typeof matchers>;
export type DashboardSpec = z.output<typeof dashboardSchema>;
export type RawDashboardSpec = z.output<typeof rawDashboardSchema>;
export type PanelSpec = z.output<typeof panelSchema>;
export type AlertingSpec = z.output<typeof alertingSchema>;
export type LogQuerySpec = z.output<typeof logQuerySchema>;
export type DashboardQuerySpec = z.output<typeof dashboardQuery>;
