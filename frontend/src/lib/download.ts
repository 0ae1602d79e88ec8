/** Hand a file to the browser's own downloader: a URL is streamed straight to disk. */
export function saveUrl(url: string, filename = ""): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}

/** Save content made in the page (a CSV of predictions) as a file. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  saveUrl(url, filename);
  // revoked on the next tick: the download has taken its own reference by then
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The file name a Content-Disposition header suggests, if any. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename="?([^";]+)"?/i);
  return match?.[1] ?? fallback;
}
