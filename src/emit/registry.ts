/**
 * Every output of `obsgen build`, one line each. Adding an output is a module beside its peers
 * that exports an `Emitter` (./emitter.ts) and one line here; `emitOutput` runs the enabled ones,
 * in any order (it sorts the files by path).
 */
import { alertmanagerEmitter } from "./alertmanager.js";
import { catalogJsonEmitter } from "./catalog-json.js";
import type { Emitter } from "./emitter.js";
import { grafanaEmitter } from "./grafana.js";
import { prometheusConfigEmitter } from "./prometheus-config.js";
import { prometheusRulesEmitter } from "./prometheus-rules.js";
import { ruleTestsEmitter } from "./rule-tests/index.js";
import { runbooksEmitter } from "./runbooks.js";
import { sloExportEmitter } from "./slo-export/index.js";
import { metricStubsEmitter } from "./stubs/index.js";

export const EMITTERS: readonly Emitter[] = [
  alertmanagerEmitter,
  catalogJsonEmitter,
  grafanaEmitter,
  prometheusConfigEmitter,
  prometheusRulesEmitter,
  ruleTestsEmitter,
  runbooksEmitter,
  sloExportEmitter,
  metricStubsEmitter,
];
