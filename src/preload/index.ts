// The bridges between the page and main: the typed contract as `window.courier`, and
// electron-log's `__electronLog` (log lines only, one way, to main's log files).
import 'electron-log/preload';
import { contextBridge, ipcRenderer } from 'electron';
import { buildCourierApi } from './build-api';

contextBridge.exposeInMainWorld('courier', buildCourierApi(ipcRenderer));
