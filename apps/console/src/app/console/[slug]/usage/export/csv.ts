/** One CSV field: quoted when it must be, and never a formula a spreadsheet would run. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  // A model name or error code is client-chosen text; "=cmd|..." must stay text in Excel.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: Array<string | number | boolean | null>): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Excel opens UTF-8 CSV as such only with a byte-order mark (Chinese key names stay readable). */
export const UTF8_BOM = "\uFEFF";
