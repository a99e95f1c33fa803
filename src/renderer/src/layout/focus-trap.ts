/**
 * Tab and Shift+Tab inside a modal go round its own controls. A native modal <dialog> makes the
 * page behind it inert, but Chromium still lets Tab leave the last control for the document
 * itself (focus lands on <body>), so each modal wraps focus at its ends with this.
 */
const TABBABLE = 'button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])';

function tabbables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && !el.matches(':disabled') && !el.closest('[inert], [hidden]') && el.getClientRects().length > 0,
  );
}

/** For a keydown on the modal: keeps a Tab that would leave `container` inside it. */
export function keepTabInside(event: KeyboardEvent, container: HTMLElement | null | undefined): void {
  if (event.key !== 'Tab' || event.ctrlKey || event.metaKey || event.altKey || !container) return;
  const controls = tabbables(container);
  if (controls.length === 0) return;
  const first = controls[0]!;
  const last = controls[controls.length - 1]!;
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && container.contains(active) && active !== container;
  if (event.shiftKey && (!inside || active === first)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}
