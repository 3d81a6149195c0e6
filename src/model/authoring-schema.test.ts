/**
 * The authoring types (`authoring.ts`, what an editor checks in `catalog/*.ts`) and the zod schema
 * (`schema.ts`, what the build checks) describe one shape. These type-level assertions are checked
 * by `tsc` (test/types.test.ts runs it over the project); a field added, dropped, made optional
 * or given another type on one side only is a compile error here that names its path.
 *
 * Two checks per part, since neither alone is enough: mutual assignability catches a field whose
 * type or optionality differs, but not an optional field present on one side only (TypeScript
 * lets an object type carry extra properties); comparing the sets of field paths catches that.
 */
import { expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type * as A from "./authoring.js";
import type * as S from "./schema.js";

type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
/** What the schema accepts, with the authoring types' `readonly`. */
type In<T extends z.ZodType> = DeepReadonly<z.input<T>>;

type Leaf = string | number | boolean | bigint | symbol | null | undefined;
/** Every field path of a type, such as `.condition.where.${string}` or `.runbook.steps[]`. */
type Paths<T, P extends string = ""> = 0 extends 1 & T
  ? `${P}: any`
  : T extends Leaf
    ? never
    : T extends readonly (infer U)[]
      ? Paths<U, `${P}[]`>
      : { [K in keyof T & string]-?: `${P}.${K}` | Paths<NonNullable<T[K]>, `${P}.${K}`> }[keyof T & string];
/** Paths found on one side only, tagged with the side that has them. */
type PathsOnOneSide<Authoring, Schema> =
  | `authoring only: ${Exclude<Paths<Authoring>, Paths<Schema>>}`
  | `schema only: ${Exclude<Paths<Schema>, Paths<Authoring>>}`;

it("keeps the authoring types and the catalog schema in step, part by part (a type test)", () => {
  expectTypeOf<A.MetricDef>().toExtend<In<typeof S.metricSchema>>();
  expectTypeOf<In<typeof S.metricSchema>>().toExtend<A.MetricDef>();
  expectTypeOf<PathsOnOneSide<A.MetricDef, In<typeof S.metricSchema>>>().toBeNever();

  expectTypeOf<A.AlertDef>().toExtend<In<typeof S.alertSchema>>();
  expectTypeOf<In<typeof S.alertSchema>>().toExtend<A.AlertDef>();
  expectTypeOf<PathsOnOneSide<A.AlertDef, In<typeof S.alertSchema>>>().toBeNever();

  expectTypeOf<A.ServiceDef>().toExtend<In<typeof S.serviceSchema>>();
  expectTypeOf<In<typeof S.serviceSchema>>().toExtend<A.ServiceDef>();
  expectTypeOf<PathsOnOneSide<A.ServiceDef, In<typeof S.serviceSchema>>>().toBeNever();

  expectTypeOf<A.MetricGroupDef>().toExtend<In<typeof S.groupSchema>>();
  expectTypeOf<In<typeof S.groupSchema>>().toExtend<A.MetricGroupDef>();
  expectTypeOf<PathsOnOneSide<A.MetricGroupDef, In<typeof S.groupSchema>>>().toBeNever();

  expectTypeOf<A.SloDef>().toExtend<In<typeof S.sloSchema>>();
  expectTypeOf<In<typeof S.sloSchema>>().toExtend<A.SloDef>();
  expectTypeOf<PathsOnOneSide<A.SloDef, In<typeof S.sloSchema>>>().toBeNever();

  expectTypeOf<A.DashboardDef>().toExtend<In<typeof S.dashboardSchema>>();
  expectTypeOf<In<typeof S.dashboardSchema>>().toExtend<A.DashboardDef>();
  expectTypeOf<PathsOnOneSide<A.DashboardDef, In<typeof S.dashboardSchema>>>().toBeNever();

  expectTypeOf<A.RawDashboardDef>().toExtend<In<typeof S.rawDashboardSchema>>();
  expectTypeOf<In<typeof S.rawDashboardSchema>>().toExtend<A.RawDashboardDef>();
  expectTypeOf<PathsOnOneSide<A.RawDashboardDef, In<typeof S.rawDashboardSchema>>>().toBeNever();

  expectTypeOf<A.AlertingDef>().toExtend<In<typeof S.alertingSchema>>();
  expectTypeOf<In<typeof S.alertingSchema>>().toExtend<A.AlertingDef>();
  expectTypeOf<PathsOnOneSide<A.AlertingDef, In<typeof S.alertingSchema>>>().toBeNever();

  expectTypeOf<A.LogQueryDef>().toExtend<In<typeof S.logQuerySchema>>();
  expectTypeOf<In<typeof S.logQuerySchema>>().toExtend<A.LogQueryDef>();
  expectTypeOf<PathsOnOneSide<A.LogQueryDef, In<typeof S.logQuerySchema>>>().toBeNever();
});

it("keeps the authoring types and the catalog schema in step for the whole catalog (a type test)", () => {
  expectTypeOf<A.CatalogDef>().toExtend<In<typeof S.catalogSchema>>();
  expectTypeOf<In<typeof S.catalogSchema>>().toExtend<A.CatalogDef>();
  // Services and groups are generic in their metrics (`ServiceDef<any>` in `CatalogDef`); the part
  // by part test above compares them with their default type arguments.
  type Rest<T> = Omit<T, "services" | "groups">;
  expectTypeOf<PathsOnOneSide<Rest<A.CatalogDef>, Rest<In<typeof S.catalogSchema>>>>().toBeNever();
});
