/** Lets a view send the user to another screen (App provides it; alone, a view gets a no-op). */
import { inject, provide, type InjectionKey } from 'vue';

const KEY: InjectionKey<(screen: string) => void> = Symbol('navigate');

export function provideNavigate(navigate: (screen: string) => void): void {
  provide(KEY, navigate);
}

export function useNavigate(): (screen: string) => void {
  return inject(KEY, () => {});
}
