import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/profiles/catalog.js';

describe('profiles the cost model reads', () => {
  it('every chip and kernel profile loads with the model fields', () => {
    const catalog = new Catalog();
    for (const id of catalog.ids('chip'))
      expect(catalog.get('chip', id).efficiency.gemmTileOverheadK).toBeGreaterThanOrEqual(0);
    for (const id of catalog.ids('kernel'))
      expect(catalog.get('kernel', id).saturationExponent).toBeGreaterThanOrEqual(1);
  });
});
