/**
 * The one quick-add window: created hidden at start-up (warm), shown on a trigger, hidden (not
 * destroyed) on close, so the next trigger is a show() of a page that is already rendered. If
 * the OS destroys it anyway (the user closed it through the frame), a new one is warmed at once.
 */
import type { EventPayload } from '@shared/contract';
import { quickAddPosition, type Rect } from './window-options';

/** The part of a BrowserWindow the controller drives (src/main/platform/quick-add-window.ts). */
export interface QuickAddWindowPort {
  isDestroyed(): boolean;
  isVisible(): boolean;
  setPosition(x: number, y: number): void;
  show(): void;
  focus(): void;
  hide(): void;
  /** Send the contract's openQuickAdd event to its page. */
  sendOpen(payload: EventPayload<'openQuickAdd'>): void;
}

export interface QuickAddControllerDeps {
  /** Create the window hidden and start loading the quick-add route. */
  createWindow(): QuickAddWindowPort;
  /** Work area of the display under the pointer. */
  workArea(): Rect;
}

export type QuickAddOpenRequest = Partial<EventPayload<'openQuickAdd'>> & Pick<EventPayload<'openQuickAdd'>, 'source'>;

export interface QuickAddController {
  warm(): void;
  open(request: QuickAddOpenRequest): void;
  close(): void;
  /** The window was destroyed (closed by the OS or the user): warm a new one. */
  windowGone(): void;
  isOpen(): boolean;
}

export function createQuickAddController(deps: QuickAddControllerDeps): QuickAddController {
  let window: QuickAddWindowPort | undefined;
  const ready = (): QuickAddWindowPort => {
    if (!window || window.isDestroyed()) window = deps.createWindow();
    return window;
  };
  return {
    warm() {
      ready();
    },
    open(request) {
      const target = ready();
      // The page resets and focuses the amount on this event; sent before show so it is
      // (usually) handled in the same frame the window appears in.
      target.sendOpen({ source: request.source, receipts: request.receipts ?? [], notices: request.notices ?? [] });
      if (!target.isVisible()) {
        const { x, y } = quickAddPosition(deps.workArea());
        target.setPosition(x, y);
      }
      target.show();
      target.focus();
    },
    close() {
      if (window && !window.isDestroyed() && window.isVisible()) window.hide();
    },
    windowGone() {
      window = undefined;
      ready();
    },
    isOpen: () => !!window && !window.isDestroyed() && window.isVisible(),
  };
}
