import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { useStatusStore } from './stores/status';
import './styles.css';

const app = createApp(App).use(createPinia());
app.mount('#app');
// Ask once at startup to keep our IndexedDB under storage pressure; the sidebar shows the answer.
void useStatusStore().requestPersistence();
