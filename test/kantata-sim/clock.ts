export type TimestampPrecision = 'second' | 'millisecond';

/** How record timestamps are written: Kantata's are to the second, with a zone offset. */
export interface StampFormat {
  precision: TimestampPrecision;
  /** `±HH:MM` (e.g. `-07:00`) or `Z`. */
  utcOffset: string;
}

const OFFSET_RULE = /^(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export function isUtcOffset(value: unknown): value is string {
  return typeof value === 'string' && OFFSET_RULE.test(value);
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/**
 * `ms` as ISO-8601 in the given offset: `2026-11-04T16:48:48-07:00` (second) or
 * `2026-11-04T16:48:48.123-07:00` (millisecond). Shifting the instant by the offset and printing it
 * as UTC gives the wall-clock digits of that zone.
 */
export function formatStamp(ms: number, format: StampFormat): string {
  const wall = new Date(ms + offsetMinutes(format.utcOffset) * 60_000).toISOString().slice(0, -1);
  const digits = format.precision === 'second' ? wall.slice(0, 19) : wall;
  return `${digits}${format.utcOffset}`;
}

/**
 * The simulator's own clock: real time plus an adjustable offset, so tests can put the server
 * ahead of or behind the client (clock-skew handling reads the `Date` response header).
 */
export class SimClock {
  private lastStamp = 0;

  constructor(
    private offset = 0,
    private readonly format: () => StampFormat = () => ({ precision: 'second', utcOffset: '-07:00' }),
  ) {}

  get offsetMs(): number {
    return this.offset;
  }

  /**
   * Moves the clock. Later stamps follow the new clock, also backwards (as after a real server
   * clock change), so `updated_at` stays consistent with the `Date` header; between changes
   * millisecond stamps strictly increase.
   */
  set offsetMs(value: number) {
    this.offset = value;
    this.lastStamp = Math.min(this.lastStamp, this.now() - 1);
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** A record timestamp (`created_at`, `updated_at`, ...) in the configured precision and offset. */
  stamp(): string {
    const format = this.format();
    return formatStamp(this.instant(format.precision), format);
  }

  private instant(precision: TimestampPrecision): number {
    if (precision === 'second') {
      // As on the real server: two changes within one second share the stamp.
      return Math.floor(this.now() / 1000) * 1000;
    }
    // Millisecond mode keeps every stamp strictly later than the last, even within one
    // millisecond, for tests that want updated_at to tell every edit apart.
    const ms = Math.max(this.now(), this.lastStamp + 1);
    this.lastStamp = ms;
    return ms;
  }
}
