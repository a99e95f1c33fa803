/**
 * The simulator's own clock: real time plus an adjustable offset, so tests can put the server
 * ahead of or behind the client (clock-skew handling reads the `Date` response header).
 */
export class SimClock {
  private lastStamp = 0;

  constructor(private offset = 0) {}

  get offsetMs(): number {
    return this.offset;
  }

  /**
   * Moves the clock. Later stamps follow the new clock, also backwards (as after a real server
   * clock change), so `updated_at` stays consistent with the `Date` header; between changes
   * stamps strictly increase.
   */
  set offsetMs(value: number) {
    this.offset = value;
    this.lastStamp = Math.min(this.lastStamp, this.now() - 1);
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /**
   * A record timestamp that is strictly later than every earlier one, even within the same
   * millisecond: clients detect changes by comparing updated_at, so two edits must never share it.
   */
  stamp(): string {
    const ms = Math.max(this.now(), this.lastStamp + 1);
    this.lastStamp = ms;
    return new Date(ms).toISOString();
  }
}
