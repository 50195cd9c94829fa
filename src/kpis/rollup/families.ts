import { KPI_DIMENSIONS } from '../dimensions';
import { addConversation, emptyCell, mergeCell, type Cell, type ConversationFacts } from './cell';

// An attribute with more values than this in a day (page URLs, order numbers) is not rolled up:
// queries on it read the conversations instead.
export const MAX_ATTRIBUTE_VALUES = 100;

/** A conversation's facts with its dimensions and its local day (YYYY-MM-DD). */
export interface DimensionedFacts extends ConversationFacts, Record<string, unknown> {
  local_day: string;
  channel: string;
  source: string;
  language: string | null;
  handled_by: string | null;
  intent: string | null;
  agent: string | null;
  team: string | null;
  attributes: Record<string, string>;
}

const COLUMN: Record<(typeof KPI_DIMENSIONS)[number], keyof DimensionedFacts> = { channel: 'channel', source: 'source', language: 'language', handledBy: 'handled_by', intent: 'intent', agent: 'agent', team: 'team' };

/** '' (every conversation), a named dimension, or attr.KEY. */
export type Family = string;

export function keyOf(facts: DimensionedFacts, family: Family): string | null {
  if (family === '') return null;
  if (family.startsWith('attr.')) return facts.attributes[family.slice(5)] ?? null;
  return (facts[COLUMN[family as keyof typeof COLUMN]] as string | null) ?? null;
}

/** One stored cell: a family's value on a day or month, or the marker of a family that overflowed. */
export interface FamilyCell {
  family: Family;
  key: string | null;
  overflow: boolean;
  cell: Cell | null;
}

function groupBy(facts: readonly DimensionedFacts[], family: Family): Map<string | null, Cell> {
  const cells = new Map<string | null, Cell>();
  for (const f of facts) {
    const key = keyOf(f, family);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = emptyCell()));
    addConversation(cell, f);
  }
  return cells;
}

/** Every family's cells for one day's conversations. */
export function dayCells(facts: readonly DimensionedFacts[]): FamilyCell[] {
  const attributeKeys = new Set(facts.flatMap((f) => Object.keys(f.attributes)));
  const families = ['', ...KPI_DIMENSIONS, ...[...attributeKeys].map((k) => `attr.${k}`)];
  return families.flatMap((family): FamilyCell[] => {
    const cells = groupBy(facts, family);
    if (family.startsWith('attr.') && cells.size > MAX_ATTRIBUTE_VALUES) return [{ family, key: null, overflow: true, cell: null }];
    return [...cells].map(([key, cell]) => ({ family, key, overflow: false, cell }));
  });
}

/**
 * A family's cells of one day or month as a map from value to cell. An attribute nobody set that
 * day has no family of its own: all the day's conversations are then its null group.
 */
export function familyOf(cells: readonly FamilyCell[], family: Family): Map<string | null, Cell> | 'overflow' {
  const own = cells.filter((c) => c.family === family);
  if (own.some((c) => c.overflow)) return 'overflow';
  if (own.length === 0 && family.startsWith('attr.')) return new Map(cells.filter((c) => c.family === '').map((c) => [null, c.cell!]));
  return new Map(own.map((c) => [c.key, c.cell!]));
}

/** A week's or month's cells, merged from its days' (a family overflowing on one day overflows the period). */
export function periodCells(days: readonly FamilyCell[][]): FamilyCell[] {
  const families = new Set(days.flatMap((d) => d.map((c) => c.family)));
  return [...families].flatMap((family): FamilyCell[] => {
    const merged = new Map<string | null, Cell>();
    for (const day of days) {
      const cells = familyOf(day, family);
      if (cells === 'overflow') return [{ family, key: null, overflow: true, cell: null }];
      for (const [key, cell] of cells) {
        let into = merged.get(key);
        if (!into) merged.set(key, (into = emptyCell()));
        mergeCell(into, cell);
      }
    }
    return [...merged].map(([key, cell]) => ({ family, key, overflow: false, cell }));
  });
}

