import { ApiError } from "@/lib/errors";

import type { Dataset } from "./index";

export interface UploadOptions {
  templateId?: string | null;
  name?: string;
  /** Called with the fraction of the file sent so far, 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Upload a data file to `POST /api/datasets`. XMLHttpRequest rather than fetch because only it
 * reports upload progress.
 */
export function uploadDataset(file: File, options: UploadOptions = {}): Promise<Dataset> {
  const form = new FormData();
  form.append("file", file);
  if (options.templateId) form.append("template_id", options.templateId);
  if (options.name) form.append("name", options.name);

  return new Promise<Dataset>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/datasets");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // Not JSON (a proxy error page, say): fall through to the generic message.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Dataset);
      else reject(ApiError.from(xhr.status, body));
    };
    xhr.onerror = () => reject(new TypeError("Network error while uploading"));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
