// Group photos for the Groups list: fetched through Rust (the page loads nothing remote) only when a row is drawn,
// and kept for the session so scrolling back doesn't fetch again. Few are kept: the list draws a screenful at a
// time, and a photo may be several megabytes.
import { backend } from "../../lib/backend";

const KEPT = 60;
const photos = new Map<string, Promise<string | null>>();

/** The photo at `url` as a data URL, or null when it can't be fetched or isn't an image (the row shows none). */
export function thumbnail(url: string, fetchPhoto = backend.groupPhoto): Promise<string | null> {
  const known = photos.get(url);
  if (known !== undefined) {
    // Most recently used last: the oldest is the one let go.
    photos.delete(url);
    photos.set(url, known);
    return known;
  }
  const fetched = fetchPhoto(url).then((result) => (result.ok ? result.value : null));
  photos.set(url, fetched);
  while (photos.size > KEPT) {
    const oldest = photos.keys().next().value;
    if (oldest === undefined) break;
    photos.delete(oldest);
  }
  return fetched;
}

export function forgetThumbnails(): void {
  photos.clear();
}
