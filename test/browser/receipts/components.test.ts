/* eslint-disable vue/one-component-per-file -- tiny host components for the tests */
/**
 * The receipt UI in real Chromium with real events: drag-and-drop (DragEvent carrying a real
 * DataTransfer of real File objects), paste (ClipboardEvent), the file picker (input change),
 * thumbnails that really load, the upload state, the window-wide drop target, list-row drops,
 * and the viewer (zoom, PDF pages through pdf.js).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { userEvent } from 'vitest/browser';
import type { ExpenseFields } from '@shared/model/expense';
import { CourierDatabase } from '@renderer/db/database';
import { useDatabase } from '@renderer/db/current';
import { saveExpense } from '@renderer/db/expenses-repo';
import ReceiptField from '@renderer/receipts/ReceiptField.vue';
import ReceiptViewer from '@renderer/receipts/ReceiptViewer.vue';
import WindowDropOverlay from '@renderer/receipts/WindowDropOverlay.vue';
import { useRowReceiptDrop } from '@renderer/receipts/use-row-drop';
import { captureFiles } from '@renderer/receipts/capture';
import { receiptNotices, receiptsForNewExpenses, takeNewExpenseReceipt, uploadProgress } from '@renderer/receipts/state';
import { taxiFields, testDbName } from '../../support/browser/seed';
import { dragAndDrop, fixtureBytes, fixtureFile, sha256, transferOf, until } from './files';

const fields: ExpenseFields = { ...taxiFields };

let db: CourierDatabase;
const mounted: VueWrapper[] = [];
beforeEach(() => {
  db = useDatabase(new CourierDatabase(testDbName('receipt-ui')));
  receiptNotices.value = [];
  receiptsForNewExpenses.value = [];
});
afterEach(async () => {
  for (const w of mounted.splice(0)) w.unmount();
  db.close();
  await db.delete();
});

/** A form stand-in holding the receipt id with v-model, as ExpenseForm does. */
function mountField(initial: string | null = null, expenseId: string | null = null) {
  const value = ref<string | null>(initial);
  const Host = defineComponent({
    setup: () => () =>
      h(ReceiptField, { modelValue: value.value, expenseId, 'onUpdate:modelValue': (v: string | null) => (value.value = v) }),
  });
  const wrapper = mount(Host, { attachTo: document.body });
  mounted.push(wrapper);
  return { wrapper, value, root: () => wrapper.element as HTMLElement };
}

async function loadedThumbnail(root: ParentNode): Promise<HTMLImageElement> {
  const img = await until(() => root.querySelector<HTMLImageElement>('[data-testid="receipt-thumbnail"]'), 'the thumbnail');
  await until(() => img.complete && img.naturalWidth > 0, 'the thumbnail to load');
  return img;
}

describe('ReceiptField', () => {
  it('takes a dropped file: stored locally, thumbnail shown, the form gets the receipt id', async () => {
    const { value, root } = mountField();
    const drop = dragAndDrop(root(), transferOf([await fixtureFile('jpeg')]));
    expect(drop.defaultPrevented).toBe(true);
    const id = await until(() => value.value, 'the receipt id');
    const row = await db.receipts.get(id);
    expect(row?.hash).toBe(await sha256(await fixtureBytes('jpeg')));
    const img = await loadedThumbnail(root());
    expect(img.src).toMatch(/^blob:/);
    expect(img.naturalWidth).toBe(180);
    await until(() => root().dataset.state === 'local', 'state local');
    expect(root().querySelector('[data-testid="receipt-state"]')?.textContent).toContain('Stored on this computer');
    expect(root().querySelector('[data-testid="receipt-name"]')?.textContent).toBe('taxi-receipt.jpg');
  });

  it('takes a pasted screenshot (Ctrl/Cmd+V) with a dated name', async () => {
    const { value, root } = mountField();
    const png = await fixtureFile('png', 'image.png');
    const paste = new ClipboardEvent('paste', { clipboardData: transferOf([png]), bubbles: true, cancelable: true });
    document.body.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    await until(() => value.value, 'the pasted receipt');
    await loadedThumbnail(root());
    expect(root().querySelector('[data-testid="receipt-name"]')?.textContent).toMatch(/^pasted-receipt_\d{4}-\d{2}-\d{2}_\d{6}\.png$/);
  });

  it('a text paste is left alone', async () => {
    const { value } = mountField();
    const dt = new DataTransfer();
    dt.setData('text/plain', '12.50');
    const paste = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.body.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(value.value).toBeNull();
    expect(await db.receipts.count()).toBe(0);
  });

  it('takes a picked file and replaces the previous receipt; the PDF shows its first page', async () => {
    const { value, root } = mountField();
    dragAndDrop(root(), transferOf([await fixtureFile('webp')]));
    const first = await until(() => value.value, 'first receipt');
    const input = root().querySelector<HTMLInputElement>('[data-testid="receipt-input"]')!;
    input.files = transferOf([await fixtureFile('pdf')]).files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const second = await until(() => (value.value !== first ? value.value : null), 'the replacement');
    expect((await db.receipts.get(second!))?.pageCount).toBe(3);
    const img = await loadedThumbnail(root());
    expect(img.naturalHeight).toBe(240);
    expect(root().querySelector('[data-testid="receipt-name"]')?.textContent).toBe('invoice-3-pages.pdf');
  });

  it('shows one message per refused file and keeps the good one from the same drop', async () => {
    const { value, root } = mountField();
    dragAndDrop(root(), transferOf([await fixtureFile('exe'), await fixtureFile('empty'), await fixtureFile('png')]));
    await until(() => value.value, 'the good file');
    const messages = await until(() => root().querySelector('[data-testid="receipt-messages"]'), 'messages');
    expect([...messages.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '“renamed-program.jpg” was not attached: it is a Windows program. Receipts must be JPEG, PNG, WebP or HEIC photos, or PDF files.',
      '“empty.png” was not attached: the file is empty (0 bytes).',
    ]);
  });

  it('says when the same file is dropped again on the same form', async () => {
    const { value, root } = mountField();
    dragAndDrop(root(), transferOf([await fixtureFile('jpeg')]));
    const id = await until(() => value.value, 'receipt');
    dragAndDrop(root(), transferOf([await fixtureFile('jpeg', 'again.jpg')]));
    const messages = await until(() => root().querySelector('[data-testid="receipt-messages"]'), 'messages');
    expect(messages.textContent).toContain('“again.jpg” was not attached: it is already attached to this expense.');
    expect(value.value).toBe(id);
  });

  it('shows uploading with a progress bar, then uploaded; remove clears it', async () => {
    const stored = await captureFiles([await fixtureFile('png')], { kind: 'new' }, {}, db);
    const id = stored.stored[0]!.receipt.id;
    const { value, root } = mountField(id);
    await until(() => root().dataset.state === 'local', 'local');
    uploadProgress.set(id, { sentBytes: 50, totalBytes: 200 });
    await until(() => root().dataset.state === 'uploading', 'uploading');
    expect(root().querySelector('[data-testid="receipt-state"]')?.textContent).toContain('Uploading… 25%');
    expect(root().querySelector('progress')?.value).toBe(25);
    uploadProgress.delete(id);
    await db.receipts.update(id, { attachmentId: '5001' });
    await until(() => root().dataset.state === 'uploaded', 'uploaded');
    expect(root().querySelector('[data-testid="receipt-state"]')?.textContent).toContain('Uploaded to Kantata');
    (root().querySelector('[data-testid="receipt-remove"]') as HTMLButtonElement).click();
    await nextTick();
    expect(value.value).toBeNull();
  });
});

describe('window drop target', () => {
  it('appears while files are dragged over the window and starts one new expense per dropped file', async () => {
    const emitted: string[][] = [];
    const wrapper = mount(WindowDropOverlay, { attachTo: document.body, props: { 'onNewExpenses': (ids: string[]) => emitted.push(ids) } });
    mounted.push(wrapper);
    const dt = transferOf([await fixtureFile('jpeg'), await fixtureFile('corrupt'), await fixtureFile('pdf')]);
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await until(() => document.querySelector('[data-testid="drop-overlay"]'), 'the overlay');
    const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
    document.body.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await until(() => emitted.length > 0, 'new expenses');
    expect(document.querySelector('[data-testid="drop-overlay"]')).toBeNull();
    expect(emitted[0]).toHaveLength(2);
    expect(receiptsForNewExpenses.value).toEqual(emitted[0]);
    await until(() => document.querySelectorAll('[data-testid="drop-notice"]').length >= 2, 'notices');
    const notices = [...document.querySelectorAll('[data-testid="drop-notice"]')];
    expect(notices.map((n) => n.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('“corrupt-photo.jpg” was not attached: the JPEG image is damaged')]),
    );
    // The form takes them one by one.
    expect(takeNewExpenseReceipt()).toBe(emitted[0]![0]);
    expect(takeNewExpenseReceipt()).toBe(emitted[0]![1]);
    expect(takeNewExpenseReceipt()).toBeNull();
  });

  it('a dragged link or text does nothing: no overlay, no receipt, no navigation', async () => {
    const wrapper = mount(WindowDropOverlay, { attachTo: document.body });
    mounted.push(wrapper);
    const before = location.href;
    const dt = new DataTransfer();
    dt.setData('text/uri-list', 'https://evil.example/receipt.jpg');
    dt.setData('text/plain', 'https://evil.example/receipt.jpg');
    const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
    document.body.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true); // not a drop target for links: dropEffect none
    expect(dt.dropEffect).toBe('none');
    const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
    document.body.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true); // the browser would otherwise open the link
    await new Promise((r) => setTimeout(r, 100));
    expect(document.querySelector('[data-testid="drop-overlay"]')).toBeNull();
    expect(await db.receipts.count()).toBe(0);
    expect(location.href).toBe(before);
  });

  it('a drop taken by the form does not also start a new expense', async () => {
    const emitted: string[][] = [];
    mounted.push(mount(WindowDropOverlay, { attachTo: document.body, props: { onNewExpenses: (ids: string[]) => emitted.push(ids) } }));
    const { value, root } = mountField();
    dragAndDrop(root(), transferOf([await fixtureFile('png')]));
    await until(() => value.value, 'form receipt');
    await new Promise((r) => setTimeout(r, 100));
    expect(emitted).toEqual([]);
    expect(receiptsForNewExpenses.value).toEqual([]);
  });
});

describe('list-row drops', () => {
  it('a file dropped on a row is attached to that expense and queued', async () => {
    const taxi = await saveExpense({ fields }, db);
    const hotel = await saveExpense({ fields: { ...fields, notes: 'Hotel' } }, db);
    const Rows = defineComponent({
      setup() {
        const drop = useRowReceiptDrop();
        return () =>
          h('ul', [taxi, hotel].map((e) => h('li', { 'data-id': e.id, class: { over: drop.over.value === e.id }, ...drop.handlers(e.id) }, e.notes)));
      },
    });
    const wrapper = mount(Rows, { attachTo: document.body });
    mounted.push(wrapper);
    const row = wrapper.element.querySelector(`[data-id="${hotel.id}"]`)!;
    const drop = dragAndDrop(row, transferOf([await fixtureFile('webp')]));
    expect(drop.defaultPrevented).toBe(true);
    const receiptId = await until(async () => (await db.expenses.get(hotel.id))?.receiptId, 'the attached receipt');
    expect((await db.expenses.get(taxi.id))?.receiptId).toBeNull();
    const outbox = await db.outbox.where('expenseId').equals(hotel.id).sortBy('seq');
    expect(outbox.at(-1)).toMatchObject({ kind: 'update', changes: { receiptId } });
    expect(receiptNotices.value.map((n) => n.message)).toContain('“lunch-receipt.webp” was attached.');
  });
});

describe('ReceiptViewer', () => {
  it('opens a photo scaled to fit, then zooms it', async () => {
    const { stored } = await captureFiles([await fixtureFile('png')], { kind: 'new' }, {}, db);
    const wrapper = mount(ReceiptViewer, { attachTo: document.body, props: { receiptId: stored[0]!.receipt.id } });
    mounted.push(wrapper);
    const img = await until(() => document.querySelector<HTMLImageElement>('[data-testid="receipt-image"]'), 'image');
    await until(() => img.complete && img.naturalWidth === 360, 'the full image');
    const zoom = (): string | null | undefined => document.querySelector('[data-testid="receipt-zoom"]')?.textContent;
    expect(zoom()).toBe('Fitted');
    const body = img.parentElement!.getBoundingClientRect();
    const shown = img.getBoundingClientRect();
    expect(shown.width).toBeLessThanOrEqual(body.width);
    expect(shown.height).toBeLessThanOrEqual(body.height);
    const zoomIn = document.querySelector('button[aria-label="Zoom in"]') as HTMLButtonElement;
    zoomIn.click();
    await nextTick();
    expect(zoom()).toBe('100%');
    zoomIn.click();
    await nextTick();
    expect(zoom()).toBe('150%');
    expect(img.parentElement!.style.width).toBe('150%');
    (document.querySelector('[data-testid="receipt-fit"]') as HTMLButtonElement).click();
    await nextTick();
    expect(zoom()).toBe('Fitted');
  });

  it('keeps Escape and Tab to itself: Escape closes only the viewer, Tab cycles inside it', async () => {
    const { stored } = await captureFiles([await fixtureFile('png')], { kind: 'new' }, {}, db);
    const outside: string[] = [];
    const onOutside = (event: KeyboardEvent): number => outside.push(event.key);
    document.body.addEventListener('keydown', onOutside);
    const wrapper = mount(ReceiptViewer, { attachTo: document.body, props: { receiptId: stored[0]!.receipt.id } });
    mounted.push(wrapper);
    const dialog = await until(() => document.querySelector<HTMLElement>('[data-testid="receipt-viewer"]'), 'viewer');
    const buttons = [...dialog.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
    buttons.at(-1)!.focus();
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(buttons[0]);
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).toBe(buttons.at(-1));
    await userEvent.keyboard('{Escape}');
    document.body.removeEventListener('keydown', onOutside);
    expect(wrapper.emitted('close')).toHaveLength(1);
    expect(outside).toEqual([]);
  });

  it('pages through a PDF rendered by pdf.js', async () => {
    const { stored } = await captureFiles([await fixtureFile('pdf')], { kind: 'new' }, {}, db);
    const wrapper = mount(ReceiptViewer, { attachTo: document.body, props: { receiptId: stored[0]!.receipt.id } });
    mounted.push(wrapper);
    const pageLabel = (): string | null | undefined => document.querySelector('[data-testid="receipt-page"]')?.textContent;
    await until(() => pageLabel() === 'Page 1 of 3', 'page 1');
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="receipt-pdf-canvas"]')!;
    await until(() => canvas.width > 100, 'the rendered page');
    // Something was drawn: not every pixel is the white page.
    const inked = (): boolean => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) return true;
      return false;
    };
    await until(inked, 'text on the page');
    (document.querySelector('button[aria-label="Next page"]') as HTMLButtonElement).click();
    await until(() => pageLabel() === 'Page 2 of 3', 'page 2');
    expect((document.querySelector('button[aria-label="Previous page"]') as HTMLButtonElement).disabled).toBe(false);
  });
});
