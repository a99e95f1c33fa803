/** The PDF report's fonts in Node: the same files the app ships (src/renderer/src/export/report-fonts.ts). */
import { readFile } from 'node:fs/promises';
import type { ReportFonts } from '@renderer/export/pdf-report';

const file = (path: string): URL => new URL(`../../../node_modules/@expo-google-fonts/noto-sans/${path}`, import.meta.url);

export async function loadReportFonts(): Promise<ReportFonts> {
  const [regular, bold] = await Promise.all([readFile(file('400Regular/NotoSans_400Regular.ttf')), readFile(file('700Bold/NotoSans_700Bold.ttf'))]);
  return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
}
