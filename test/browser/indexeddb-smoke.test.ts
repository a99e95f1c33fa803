import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';

describe('real IndexedDB in Chromium', () => {
  it('persists a row through Dexie and reads it back after reopening', async () => {
    const name = `smoke-${crypto.randomUUID()}`;
    const db = new Dexie(name);
    db.version(1).stores({ items: 'id' });
    await db.table('items').put({ id: 'a', value: 42 });
    db.close();
    const again = new Dexie(name);
    again.version(1).stores({ items: 'id' });
    expect(await again.table('items').get('a')).toEqual({ id: 'a', value: 42 });
    expect(navigator.userAgent).toMatch(/Chrome/);
    await again.delete();
  });
});
