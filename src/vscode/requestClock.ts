// The one clock while a request runs: a single 1 s timer whose whole seconds both the
// status bar and the chat header show, so they can never disagree. It exists only
// while a request is in flight.

export class RequestClock {
  private timer?: ReturnType<typeof setInterval>;
  private startedAt = 0;

  constructor(
    private readonly onTick: (seconds: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Ticks 0 at once, then once a second from `startedAt`. */
  start(startedAt: number): void {
    this.stop();
    this.startedAt = startedAt;
    this.onTick(this.seconds());
    this.timer = setInterval(() => this.onTick(this.seconds()), 1000);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Rounded, not floored: an interval that fires a millisecond early still reads as the next second. */
  private seconds(): number {
    return Math.max(0, Math.round((this.now() - this.startedAt) / 1000));
  }
}
