import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import QuickAddView from './views/QuickAddView.vue';
import { isQuickAddRoute } from './router';
import { useStatusStore } from './stores/status';
import { useSyncStore } from './sync/store';
import { followPreferences } from './preferences';
import './styles.css';
import { startRendererLog } from './log';

startRendererLog();

// The quick-add window shows only the quick-add form (same bundle, same origin, same IndexedDB).
const app = createApp(isQuickAddRoute() ? QuickAddView : App).use(createPinia());
app.config.errorHandler = (error, _instance, info) => console.error(`[ui] ${info}:`, error);
// Theme and language before the first paint of real content, in every window.
followPreferences();
app.mount('#app');
// Ask once at startup to keep our IndexedDB under storage pressure; the sidebar shows the answer.
void useStatusStore().requestPersistence();
// The main window leads sync rounds (quick-add only writes); a no-op in other windows.
useSyncStore().start();
