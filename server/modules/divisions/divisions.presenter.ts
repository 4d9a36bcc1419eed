import type { Division, DivisionSummary, DivisionWithCount } from '../../../common/schemas/divisions.js';
import { shortCodeOf } from './division-codes.js';
import type { DivisionRecord, DivisionWithChildCount } from './divisions.repository.js';

export function presentDivision(d: DivisionRecord): Division {
  return {
    code: d.code,
    shortCode: shortCodeOf(d.code),
    name: d.name,
    shortName: d.shortName,
    level: d.level,
    parentCode: d.parentCode,
    pathLabel: d.pathLabel,
    pinyin: d.pinyin,
  };
}

export function presentDivisionWithCount(d: DivisionWithChildCount): DivisionWithCount {
  return { ...presentDivision(d), childCount: d.childCount };
}

export function presentDivisionSummary(d: DivisionRecord): DivisionSummary {
  const { code, shortCode, name, shortName, level, pathLabel } = presentDivision(d);
  return { code, shortCode, name, shortName, level, pathLabel };
}
