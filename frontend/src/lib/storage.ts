/** localStorage that never throws: with storage disabled (private mode) the URL still carries the choice. */
export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // see readStored
  }
}
