// Cursor pagination (docs/api.md, "Pagination"): newest first, `limit` 1..100
// (default 10), `starting_after` / `ending_before` naming an object id (not
// both). Ids are time-sortable (see ids.ts), so a page is a range of ids.
import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { InvalidRequestError } from './errors';

/** Query strings carry numbers as text; digits become a number, anything else stays for validation to refuse. */
export const toIntIfNumeric = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** The page size of every list. */
export class PageLimitDto {
  /** How many objects to return, 1 to 100. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Transform(toIntIfNumeric)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** An object id as a cursor. */
const OBJECT_ID = /^[a-z]+_[0-9A-Z]+$/;

// This file is outside the Swagger plugin's `*.dto.ts` pattern, so the cursor
// fields declare their OpenAPI schema themselves, as `limit` does.
export class ListQueryDto extends PageLimitDto {
  @ApiPropertyOptional({
    maxLength: 64,
    pattern: OBJECT_ID.source,
    description: 'An object id: return the page of objects older than it (the next page).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(OBJECT_ID, { message: 'starting_after must be an object id' })
  starting_after?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    pattern: OBJECT_ID.source,
    description: 'An object id: return the page of objects newer than it (the previous page). Not with starting_after.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(OBJECT_ID, { message: 'ending_before must be an object id' })
  ending_before?: string;
}

/**
 * The OpenAPI schema of a list of `item` (`{object: "list", url, data, has_more}`),
 * named after the item (`RefundView` gives `RefundListView`), for @ApiOkResponse.
 */
export function ListView<T>(item: Type<T>, url: string): Type<ListResponse<T>> {
  class List implements ListResponse<T> {
    @ApiProperty({ type: 'string', enum: ['list'], example: 'list' })
    object!: 'list';

    @ApiProperty({ example: url })
    url!: string;

    @ApiProperty({ type: [item] })
    data!: T[];

    @ApiProperty({ description: 'Whether there are more objects beyond this page.' })
    has_more!: boolean;
  }
  Object.defineProperty(List, 'name', { value: item.name.replace(/View$/, 'ListView') });
  return List;
}

export interface ListResponse<T> {
  object: 'list';
  url: string;
  data: T[];
  has_more: boolean;
}

export interface PageWindow {
  /** Prisma `where` fragment on the id column. */
  idFilter: { lt?: string; gt?: string } | undefined;
  orderBy: 'asc' | 'desc';
  take: number;
  limit: number;
  reverse: boolean;
}

export function pageWindow(query: ListQueryDto): PageWindow {
  if (query.starting_after && query.ending_before) {
    throw new InvalidRequestError(
      'parameter_invalid',
      'Pass either starting_after or ending_before, not both.',
      'ending_before',
    );
  }
  const limit = query.limit ?? 10;
  if (query.ending_before) {
    // Walk forward in time from the cursor, then present newest first.
    return { idFilter: { gt: query.ending_before }, orderBy: 'asc', take: limit + 1, limit, reverse: true };
  }
  return {
    idFilter: query.starting_after ? { lt: query.starting_after } : undefined,
    orderBy: 'desc',
    take: limit + 1,
    limit,
    reverse: false,
  };
}

/**
 * Runs one query for a page (fetching one extra row to learn `has_more`) and
 * shapes the list response.
 */
export async function paginate<Row extends { id: string }, View>(
  query: ListQueryDto,
  url: string,
  fetch: (window: PageWindow) => Promise<Row[]>,
  toView: (row: Row) => View,
): Promise<ListResponse<View>> {
  const window = pageWindow(query);
  const rows = await fetch(window);
  const hasMore = rows.length > window.limit;
  const page = rows.slice(0, window.limit);
  if (window.reverse) page.reverse();
  return { object: 'list', url, data: page.map(toView), has_more: hasMore };
}
