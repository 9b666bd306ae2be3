/** What every list page needs: a filter that waits for typing to stop, and "more" over cursor pages. */

/** Follows `read()` once it has held still for `ms`, so a filter box asks the server once per pause. */
export function debounced<T>(read: () => T, ms = 300): { readonly current: T } {
  let current = $state(read());
  $effect(() => {
    const next = read();
    const timer = setTimeout(() => (current = next), ms);
    return () => clearTimeout(timer);
  });
  return {
    get current() {
      return current;
    },
  };
}

export interface CursorPage<T> {
  items: T[];
  nextCursor?: string | null | undefined;
}

/** The first `pages` pages of a keyset-paginated list, one after the other; `more` says whether another follows. */
export async function loadPages<T>(
  pages: number,
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (cursor === undefined) return { items, more: false };
  }
  return { items, more: true };
}
