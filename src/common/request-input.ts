// What the API accepts from a request before any use case runs, whatever the
// route: JSON no deeper than MAX_JSON_DEPTH (checked on the raw bytes, before
// JSON.parse and class-transformer, whose recursion a deep body would
// exhaust), and no string that PostgreSQL cannot store (a NUL, or a lone
// UTF-16 surrogate, which has no UTF-8 form) anywhere in the path, the query
// or the body. Such a string would otherwise pass validation and fail the
// statement that stores it: a 500, or the failure of a whole group-committed
// batch of other tenants' requests.
import type { FastifyBodyParser } from 'fastify';
import { InvalidRequestError } from './errors';

/**
 * The deepest nesting of arrays and objects a request body may have. Tally's
 * deepest request (`{"to": {"phone": ...}}`) is 2 deep; 32 leaves room for
 * any sane client while bounding what parsing and validation can recurse into.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether the JSON text nests deeper than `maxDepth`: one pass over the
 * bytes, skipping string contents. It does not validate the JSON (the
 * parser that runs next does); it only bounds the work that parser does.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * The application/json body parser: refuses bodies nested deeper than
 * MAX_JSON_DEPTH with a 400, then parses with Fastify's own parser (which
 * keeps its protections against `__proto__` and `constructor` poisoning).
 */
export function depthLimitedJsonParser(parseJson: FastifyBodyParser<string>): FastifyBodyParser<Buffer> {
  return (request, body, done) => {
    if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new InvalidRequestError(
          'json_too_deep',
          `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
        ),
        undefined,
      );
      return;
    }
    // Invalid UTF-8 becomes U+FFFD here, as in Fastify's own parser.
    return parseJson(request, body.toString('utf8'), done);
  };
}

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- the NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** A key as an error may name it: U+FFFD in place of what cannot be stored, so the error itself can be. */
export function shownKey(key: string): string {
  return key.replace(UNSTORABLE_ALL, '\uFFFD');
}

/** Whether PostgreSQL can store the string as text (UTF-8, no NUL). */
export function isStorableString(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * The dotted path (`metadata.order`, `to.phone`, `items.2`) of the first key
 * or string value that PostgreSQL could not store, or null. Nesting is already
 * bounded by MAX_JSON_DEPTH, so the walk is too.
 */
export function unstorableStringPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorableString(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    const itemPath = path ? `${path}.${shownKey(key)}` : shownKey(key);
    if (!isStorableString(key)) return itemPath;
    const found = unstorableStringPath(item, itemPath);
    if (found !== null) return found;
  }
  return null;
}

/** 400 parameter_invalid naming the field whose text cannot be stored. */
export function unstorableStringError(param: string): InvalidRequestError {
  return new InvalidRequestError(
    'parameter_invalid',
    `Invalid ${param}: text may not contain NUL characters or unpaired UTF-16 surrogates.`,
    param,
  );
}
