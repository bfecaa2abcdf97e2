import { useSyncExternalStore } from 'react';
import type { StudyFeed } from '../feed.js';
import type { StudyView } from '../state.js';

/** The feed's published view: re-renders only when the feed publishes (throttled), never per event. */
export function useStudyView(feed: StudyFeed): StudyView {
  return useSyncExternalStore(feed.subscribe, feed.getView, feed.getView);
}
