/**
 * What the study lets the UI do (implemented by the study runner; structural, so the search imports nothing from here).
 * `stop` ends the study gracefully: trials in flight finish, then the journal and results are written.
 */
export interface StudyControls {
  stop(): void;
  pause(): void;
  resume(): void;
}
