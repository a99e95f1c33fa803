// The only bridge between the page and main: the typed contract as `window.courier`.
import { contextBridge, ipcRenderer } from 'electron';
import { buildCourierApi } from './build-api';

contextBridge.exposeInMainWorld('courier', buildCourierApi(ipcRenderer));
