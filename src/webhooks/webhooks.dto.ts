import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQueryDto } from '../common/pagination';
import { EVENT_TYPES } from '../events/event-types';

/** What `enabled_events` may list: event types, or `*` for all of the owner's. */
export const ENABLED_EVENT_VALUES = ['*', ...EVENT_TYPES];

export class CreateWebhookEndpointDto {
  /** Where events are POSTed: https in production. */
  @ApiProperty({ format: 'uri' })
  @IsString()
  @MaxLength(2_048)
  url!: string;

  /** Event types to receive, or `*` for all of the owner's. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(ENABLED_EVENT_VALUES, { each: true, message: 'enabled_events must be event types or *' })
  enabled_events!: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ format: 'uri' })
  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(ENABLED_EVENT_VALUES, { each: true, message: 'enabled_events must be event types or *' })
  enabled_events?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class ListEventsQueryDto extends ListQueryDto {
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: string;

  /** Events at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  created_gte?: string;

  /** Events before this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  created_lt?: string;
}
