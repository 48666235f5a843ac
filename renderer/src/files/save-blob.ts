// Bytes read from the core saved as a file the way a browser saves a download: under `name`, in
// the person's downloads (the address let go once the browser has taken it).
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
