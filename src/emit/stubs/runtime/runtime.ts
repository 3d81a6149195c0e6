/**
 * Typed wrappers over prom-client's metrics. prom-client takes labels as an optional
 * `Partial<Record<name, string | number>>`: a missing label, a misspelt value or `.observe` on a
 * counter compiles there. Here every recording method takes the metric's whole label set, with
 * closed labels as literal unions, and each wrapper has only its type's methods.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** A label set: every label of a metric, by name. */
export type LabelSet = Readonly<Record<string, string>>;

/** What defines a metric: its name, help and labels in the catalog's order. */
export interface Definition<L extends LabelSet> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly (keyof L & string)[];
}

/**
 * A histogram's definition: its buckets, and for a unit of time the unit per second
 * (1000000 for microseconds), else null. `Timed` says which, so only histograms of a unit of
 * time have a `startTimer` that compiles.
 */
export interface HistogramDefinition<L extends LabelSet, Timed extends boolean> extends Definition<L> {
  readonly buckets: readonly number[];
  readonly perSecond: Timed extends true ? number : null;
}

function elapsed(start: bigint, perSecond: number): number {
  return (Number(process.hrtime.bigint() - start) / 1e9) * perSecond;
}

/** A counter with labels. */
export class LabelledCounter<L extends LabelSet> {
  readonly name: string;
  readonly #metric: Counter<string>;
  constructor(registry: Registry, def: Definition<L>) {
    this.name = def.name;
    this.#metric = new Counter({ name: def.name, help: def.help, labelNames: [...def.labelNames], registers: [registry] });
  }
  /** Adds `value` (default 1). A counter only goes up: prom-client throws on a negative value. */
  inc(labels: L, value = 1): void {
    this.#metric.inc(labels, value);
  }
  /** Creates the series at 0, so `rate()` sees its first increment. */
  zero(labels: L): void {
    this.#metric.inc(labels, 0);
  }
  /** Drops the series. */
  remove(labels: L): void {
    this.#metric.remove(labels);
  }
}

/** A counter without labels. */
export class UnlabelledCounter {
  readonly name: string;
  readonly #metric: Counter<string>;
  constructor(registry: Registry, def: Definition<LabelSet>) {
    this.name = def.name;
    this.#metric = new Counter({ name: def.name, help: def.help, registers: [registry] });
  }
  /** Adds `value` (default 1). A counter only goes up: prom-client throws on a negative value. */
  inc(value = 1): void {
    this.#metric.inc(value);
  }
}

/** A gauge with labels. */
export class LabelledGauge<L extends LabelSet> {
  readonly name: string;
  readonly #metric: Gauge<string>;
  constructor(registry: Registry, def: Definition<L>) {
    this.name = def.name;
    this.#metric = new Gauge({ name: def.name, help: def.help, labelNames: [...def.labelNames], registers: [registry] });
  }
  set(labels: L, value: number): void {
    this.#metric.set(labels, value);
  }
  inc(labels: L, value = 1): void {
    this.#metric.inc(labels, value);
  }
  dec(labels: L, value = 1): void {
    this.#metric.dec(labels, value);
  }
  /** Drops the series. */
  remove(labels: L): void {
    this.#metric.remove(labels);
  }
}

/** A gauge without labels. */
export class UnlabelledGauge {
  readonly name: string;
  readonly #metric: Gauge<string>;
  constructor(registry: Registry, def: Definition<LabelSet>) {
    this.name = def.name;
    this.#metric = new Gauge({ name: def.name, help: def.help, registers: [registry] });
  }
  set(value: number): void {
    this.#metric.set(value);
  }
  inc(value = 1): void {
    this.#metric.inc(value);
  }
  dec(value = 1): void {
    this.#metric.dec(value);
  }
}

/** A histogram with labels. */
export class LabelledHistogram<L extends LabelSet, Timed extends boolean> {
  readonly name: string;
  /** The metric's unit per second, for a unit of time; else null. */
  readonly perSecond: Timed extends true ? number : null;
  readonly #metric: Histogram<string>;
  constructor(registry: Registry, def: HistogramDefinition<L, Timed>) {
    this.name = def.name;
    this.perSecond = def.perSecond;
    this.#metric = new Histogram({ name: def.name, help: def.help, labelNames: [...def.labelNames], buckets: [...def.buckets], registers: [registry] });
  }
  observe(labels: L, value: number): void {
    this.#metric.observe(labels, value);
  }
  /**
   * Starts a timer: calling the result observes the elapsed time in the metric's unit (not in
   * seconds, as prom-client's own timer would) and returns it. Only histograms of a unit of time.
   */
  startTimer(this: LabelledHistogram<L, true>, labels: L): () => number {
    const start = process.hrtime.bigint();
    return () => {
      const value = elapsed(start, this.perSecond);
      this.observe(labels, value);
      return value;
    };
  }
  /** Creates the series with empty buckets, so `rate()` sees its first observation. */
  zero(labels: L): void {
    this.#metric.zero(labels);
  }
  /** Drops the series. */
  remove(labels: L): void {
    this.#metric.remove(labels);
  }
}

/** A histogram without labels. */
export class UnlabelledHistogram<Timed extends boolean> {
  readonly name: string;
  /** The metric's unit per second, for a unit of time; else null. */
  readonly perSecond: Timed extends true ? number : null;
  readonly #metric: Histogram<string>;
  constructor(registry: Registry, def: HistogramDefinition<LabelSet, Timed>) {
    this.name = def.name;
    this.perSecond = def.perSecond;
    this.#metric = new Histogram({ name: def.name, help: def.help, buckets: [...def.buckets], registers: [registry] });
  }
  observe(value: number): void {
    this.#metric.observe(value);
  }
  /** Starts a timer observing the elapsed time in the metric's unit; see LabelledHistogram. */
  startTimer(this: UnlabelledHistogram<true>): () => number {
    const start = process.hrtime.bigint();
    return () => {
      const value = elapsed(start, this.perSecond);
      this.observe(value);
      return value;
    };
  }
}
