/**
 * The PDF report's fonts: Noto Sans regular and bold (SIL Open Font License), files from the
 * @expo-google-fonts/noto-sans package that the build copies into the app's assets. They are read
 * from the app's own origin when a report is made: nothing is fetched from elsewhere.
 */
import regularUrl from '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf?url';
import boldUrl from '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf?url';
import type { ReportFonts } from './pdf-report';

let loaded: Promise<ReportFonts> | null = null;

async function bytesOf(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the report font ${url} could not be read (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

export function reportFonts(): Promise<ReportFonts> {
  loaded ??= Promise.all([bytesOf(regularUrl), bytesOf(boldUrl)]).then(([regular, bold]) => ({ regular, bold }));
  // A failed read is tried again with the next report.
  loaded.catch(() => (loaded = null));
  return loaded;
}
