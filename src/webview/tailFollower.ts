// Keeps a scroll container at its end while the user leaves it there, and leaves it
// alone once they scroll away (until they come back to the end).
//
// The scroll happens in a ResizeObserver callback, which runs after the browser's own
// layout of the frame: reading scrollHeight there costs no extra layout, unlike
// `scrollTop = scrollHeight` written after each batch of DOM changes, which forces a
// synchronous layout of everything in the container every frame.

export class TailFollower {
  private following = true;
  private readonly observer: ResizeObserver;

  /**
   * @param scroller the element that scrolls
   * @param content  its child whose size changes as text arrives
   * @param slackPx  within this many pixels of the end counts as "at the end"
   */
  constructor(
    private readonly scroller: HTMLElement,
    content: HTMLElement,
    private readonly slackPx: number,
  ) {
    scroller.addEventListener('scroll', () => (this.following = this.atEnd()), { passive: true });
    // A wheel turned upwards is the user's intent even before the scroll lands.
    scroller.addEventListener('wheel', (e) => {
      if (e.deltaY < 0) this.following = false;
    }, { passive: true });
    this.observer = new ResizeObserver(() => {
      if (this.following) this.toEnd();
    });
    this.observer.observe(content);
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Follow again from now on, e.g. when the user sends a new question. */
  follow(): void {
    this.following = true;
    this.toEnd();
  }

  dispose(): void {
    this.observer.disconnect();
  }

  private toEnd(): void {
    const el = this.scroller;
    const end = el.scrollHeight - el.clientHeight;
    if (end > el.scrollTop) el.scrollTop = end;
  }

  private atEnd(): boolean {
    const el = this.scroller;
    return el.scrollHeight - el.scrollTop - el.clientHeight <= this.slackPx;
  }
}
