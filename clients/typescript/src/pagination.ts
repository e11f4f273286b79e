// Lists as async iterators: every list is newest first, pages by
// `starting_after`, and says `has_more`; autoPaginate follows the pages.
import { type ApiResult, type DataOf, unwrap } from './errors';

export interface Page<Item> {
  data: Item[];
  has_more: boolean;
}

/** A result whose success is a page. */
type PageResult = ApiResult & { data?: Page<unknown> };

/** The type of a page's objects. */
export type ItemOf<Result extends PageResult> = DataOf<Result>['data'][number];

/**
 * Every object of a list, page after page:
 *
 *   for await (const intent of autoPaginate((starting_after) =>
 *     tally.GET('/v1/payment_intents', { params: { query: { limit: 100, starting_after } } }),
 *   )) { ... }
 *
 * `fetchPage` is given the cursor (undefined for the first page). Objects
 * whose `id` is the cursor need nothing more; for a list whose objects have
 * none (a ledger account's entries page by `transfer`), pass `cursorOf`.
 */
export function autoPaginate<Result extends ApiResult & { data?: Page<{ id: string }> }>(
  fetchPage: (startingAfter: string | undefined) => Promise<Result>,
): AsyncGenerator<ItemOf<Result>, void, undefined>;
export function autoPaginate<Result extends PageResult>(
  fetchPage: (startingAfter: string | undefined) => Promise<Result>,
  cursorOf: (item: ItemOf<Result>) => string,
): AsyncGenerator<ItemOf<Result>, void, undefined>;
export async function* autoPaginate<Result extends PageResult>(
  fetchPage: (startingAfter: string | undefined) => Promise<Result>,
  cursorOf: (item: ItemOf<Result>) => string = (item) => (item as { id: string }).id,
): AsyncGenerator<ItemOf<Result>, void, undefined> {
  let startingAfter: string | undefined;
  for (;;) {
    const page: Page<ItemOf<Result>> = await unwrap(fetchPage(startingAfter));
    yield* page.data;
    if (!page.has_more || page.data.length === 0) return;
    const next = cursorOf(page.data[page.data.length - 1]);
    // A page that ends where the last one did would repeat forever.
    if (next === startingAfter) throw new Error(`the list did not move past ${next}`);
    startingAfter = next;
  }
}
