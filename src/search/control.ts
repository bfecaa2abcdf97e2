/**
 * Stop, pause and resume for a running study, from a UI key or a signal handler. The study looks at the controller
 * between batches: a pause lets the batch in flight finish first; a stop lets the evaluations running finish (their
 * results are journaled) and starts no more of the batch, so a stop takes one evaluation per thread, not a batch.
 */
export type ControlState = 'running' | 'paused' | 'stopping';

export class StudyController {
  private current: ControlState = 'running';
  private wake: (() => void) | null = null;

  get state(): ControlState {
    return this.current;
  }

  stop(): void {
    this.set('stopping');
  }

  pause(): void {
    if (this.current === 'running') this.set('paused');
  }

  resume(): void {
    if (this.current === 'paused') this.set('running');
  }

  /** Resolves, with the new state, once the study is no longer paused (resumed or stopping). */
  waitWhilePaused(): Promise<ControlState> {
    if (this.current !== 'paused') return Promise.resolve(this.current);
    return new Promise((resolve) => (this.wake = () => resolve(this.current)));
  }

  private set(state: ControlState): void {
    this.current = state;
    if (state !== 'paused' && this.wake) {
      const wake = this.wake;
      this.wake = null;
      wake();
    }
  }
}
