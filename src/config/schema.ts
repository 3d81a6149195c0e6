/**
 * validate: the value `obsgen.config.ts` exports -> ResolvedConfig. The same shape as the
 * authoring types in `./authoring.ts`, with every default filled in.
 */
import { z } from "zod";
import { DEFAULT_DASHBOARD_SIDECAR_LABELS, DEFAULT_SHARED_UNIT, DEFAULT_SIDECAR_FOLDER_ANNOTATION } from "../model/conventions.js";
import { isValidDuration } from "../compat/go/duration.js";
import { PROMQL_FEATURES } from "../compat/prometheus.js";
import { LABEL_NAME_RE, prometheusVersionSetting, runbooksSchema } from "../model/schema.js";

/** The Mimir version a `mimir` target assumes (2.13 has `query_offset`). */
export const DEFAULT_MIMIR_VERSION = "2.13";

const version = z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'must be a version such as "2.53" or "3.0"');
const duration = z.string().refine(isValidDuration, "is not a valid Prometheus duration (e.g. `30s`, `1m`; units ms s m h d w y, largest first)");
const promLabels = z.record(z.string().regex(LABEL_NAME_RE, "must be a Prometheus label name such as `env`"), z.string());

// Kubernetes' syntax rules (apimachinery validation): names are DNS-1123 labels or subdomains,
// label keys an optional DNS prefix plus a name of at most 63 characters.
const K8S_NAME_PART = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
const k8sLabelKey = z
  .string()
  .regex(new RegExp(`^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?${K8S_NAME_PART}$`), "must be a Kubernetes label key such as `release` or `example.com/team`");
const k8sLabels = z.record(
  k8sLabelKey,
  z.string().regex(new RegExp(`^(${K8S_NAME_PART})?$`), "must be a Kubernetes label value: at most 63 of letters, digits, `-`, `_`, `.`"),
);
const k8sAnnotations = z.record(k8sLabelKey, z.string());
const namespace = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a Kubernetes namespace name (lowercase letters, digits, `-`)");
const unitName = z.string().regex(/^[a-z][a-z0-9-]*$/, "must be kebab-case such as `shared`");
const strategy = z.enum(["abort", "warn"]);
const partialResponse = z.union([strategy, z.record(z.string().min(1), strategy)]);

// A Prometheus target without its own `version` follows `prometheus.version` (`prometheusTarget.engine` in emit/targets/prometheus.ts).
export const prometheusTargetSchema = z.strictObject({
  kind: z.literal("prometheus"),
  version: version.optional(),
});

export const prometheusOperatorTargetSchema = z.strictObject({
  kind: z.literal("prometheus-operator"),
  namespace: namespace.optional(),
  labels: k8sLabels.default({}),
  annotations: k8sAnnotations.default({}),
  ruler: z.enum(["prometheus", "thanos"]).default("prometheus"),
  version: version.optional(),
  partialResponseStrategy: partialResponse.optional(),
  shared: unitName.default(DEFAULT_SHARED_UNIT),
  dashboards: z
    .union([
      z.literal(false),
      z.strictObject({
        labels: k8sLabels.default(() => ({ ...DEFAULT_DASHBOARD_SIDECAR_LABELS })),
        annotations: k8sAnnotations.default({}),
        namespace: namespace.optional(),
        folderAnnotation: z.union([z.literal(false), k8sLabelKey]).default(DEFAULT_SIDECAR_FOLDER_ANNOTATION),
      }),
    ])
    .default(() => ({ labels: { ...DEFAULT_DASHBOARD_SIDECAR_LABELS }, annotations: {}, folderAnnotation: DEFAULT_SIDECAR_FOLDER_ANNOTATION })),
});

export const mimirTargetSchema = z.strictObject({
  kind: z.literal("mimir"),
  namespaceBy: z.enum(["service", "team"]).default("service"),
  version: version.default(DEFAULT_MIMIR_VERSION),
  shared: unitName.default(DEFAULT_SHARED_UNIT),
});

export const thanosTargetSchema = z.strictObject({
  kind: z.literal("thanos"),
  partialResponseStrategy: partialResponse.optional(),
});

export const targetSchema = z.discriminatedUnion("kind", [prometheusTargetSchema, prometheusOperatorTargetSchema, mimirTargetSchema, thanosTargetSchema]);

export const TARGET_KINDS = ["prometheus", "prometheus-operator", "mimir", "thanos"] as const;

export const ruleGroupSettingsSchema = z.strictObject({
  labels: promLabels.optional(),
  queryOffset: duration.optional(),
  sourceTenants: z.array(z.string().min(1, "tenant ids are not empty")).min(1, "list at least one tenant, or leave `sourceTenants` out").optional(),
});

export const configSchema = z.strictObject({
  catalog: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  environment: z.string().min(1, "name one of the catalog's `environments`").optional(),
  targets: z
    .array(targetSchema)
    .min(1, 'list at least one target, such as `{ kind: "prometheus" }`')
    .superRefine((targets, ctx) => {
      // Two targets of one kind would write the same files.
      const seen = new Set<string>();
      targets.forEach((t, i) => {
        if (seen.has(t.kind))
          ctx.addIssue({ code: "custom", path: [i, "kind"], message: `a second "${t.kind}" target: each kind at most once (they would write the same files)` });
        seen.add(t.kind);
      });
    })
    .default(() => [{ kind: "prometheus" as const }]),
  rules: ruleGroupSettingsSchema.default({}),
  prometheus: z.strictObject({ version: prometheusVersionSetting.optional(), features: z.array(z.enum(PROMQL_FEATURES)).optional() }).optional(),
  runbooks: runbooksSchema.optional(),
  lint: z
    .strictObject({
      rules: z
        .record(z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, "must be a lint rule id such as `naming/base-unit`"), z.enum(["error", "warning", "info", "off"]))
        .optional(),
      seriesBudget: z.number().int().positive("must be a positive whole number of series").optional(),
      profile: z.enum(["bugs", "recommended", "all"]).optional(),
      catalogScope: z.array(z.string().min(1, "globs are not empty")).optional(),
      metadata: z.array(z.string().min(1, "paths are not empty")).optional(),
      inferTypes: z.boolean().optional(),
    })
    .optional(),
});

export type ResolvedConfig = z.output<typeof configSchema>;
export type Target = z.output<typeof targetSchema>;
export type TargetKind = Target["kind"];
export type RuleGroupSettingsResolved = z.output<typeof ruleGroupSettingsSchema>;
export type PrometheusTarget = z.output<typeof prometheusTargetSchema>;
export type PrometheusOperatorTarget = z.output<typeof prometheusOperatorTargetSchema>;
export type MimirTarget = z.output<typeof mimirTargetSchema>;
export type ThanosTarget = z.output<typeof thanosTargetSchema>;
