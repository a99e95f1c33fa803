/**
 * Below this width the sidebar collapses into a drawer and the expense panel overlays the list
 * (side by side, the list would shrink to a strip of dates). CSS uses the same number in
 * `@media (max-width: 899px)`; components read `isNarrow` for behaviour (focus, aria-expanded).
 */
import { onScopeDispose, shallowRef, type Ref } from 'vue';

export const NARROW_MAX_WIDTH_PX = 899;

export function useNarrowWindow(): Readonly<Ref<boolean>> {
  const query = window.matchMedia(`(max-width: ${NARROW_MAX_WIDTH_PX}px)`);
  const narrow = shallowRef(query.matches);
  const onChange = (event: MediaQueryListEvent): void => {
    narrow.value = event.matches;
  };
  query.addEventListener('change', onChange);
  onScopeDispose(() => query.removeEventListener('change', onChange));
  return narrow;
}
