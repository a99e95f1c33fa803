/**
 * A receipt photo made in the page: the given lines printed in a monospaced font on white, as a
 * PNG File (what a drop or a picker hands the app), for reading tests that need known contents.
 */
export async function receiptPhoto(lines: string[], name = 'receipt.png'): Promise<File> {
  const fontSize = 26;
  const lineHeight = Math.round(fontSize * 1.6);
  const canvas = new OffscreenCanvas(760, lineHeight * (lines.length + 2));
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#111';
  context.font = `${fontSize}px "DejaVu Sans Mono", "Courier New", monospace`;
  context.textBaseline = 'top';
  lines.forEach((line, index) => context.fillText(line, 30, lineHeight * (index + 1)));
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new File([blob], name, { type: 'image/png' });
}
