// Keeps the dIPC state of the active debug session: on every `stopped` event it asks the adapter
// for `dipc/codoms` and `dipc/timeline` (debug-adapter/protocol.ts) and tells the CODOMs view, the
// timeline and the status bar. While the program runs the last snapshot is kept, marked as stale.

import * as vscode from 'vscode';
import {
  DipcRequest,
  type CodomsArguments,
  type CodomsResponseBody,
  type TimelineArguments,
  type TimelineEvent,
  type TimelineResponseBody,
} from '../debug-adapter/protocol';
import { DEBUG_TYPE } from './debug';

/** How many of the most recent switch events are kept for the timeline. */
const TIMELINE_EVENTS_KEPT = 2000;

export interface InspectorState {
  session: vscode.DebugSession;
  /** True while the program runs (the snapshot is from the last stop). */
  running: boolean;
  codoms?: CodomsResponseBody;
  /** The most recent switches (at most TIMELINE_EVENTS_KEPT); `total` counts all of them. */
  timeline?: TimelineResponseBody;
  /** Why there is no snapshot (for example an adapter that does not answer the custom requests). */
  error?: string;
}

export class DebugInspector implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<InspectorState | undefined>();
  /** Fires after each refresh, and with undefined when the session ends. */
  readonly onDidChange = this.changeEmitter.event;
  private current: InspectorState | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** Incremented per stop so a slow answer to an older stop cannot overwrite a newer one. */
  private generation = 0;
  /** Switch events fetched so far, per session id: each stop asks only for the new ones. */
  private readonly timelines = new Map<string, { events: TimelineEvent[]; total: number }>();

  constructor() {
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId?: number } }) => {
            if (message.type !== 'event') return;
            if (message.event === 'stopped') void this.refresh(session, message.body?.threadId);
            else if (message.event === 'continued') this.markRunning(session);
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        this.timelines.delete(session.id);
        if (this.current?.session.id === session.id) this.publish(undefined);
      }),
    );
  }

  get state(): InspectorState | undefined {
    return this.current;
  }

  async refresh(session: vscode.DebugSession, threadId?: number): Promise<InspectorState> {
    const generation = ++this.generation;
    const state: InspectorState = { session, running: false };
    try {
      const known = this.timelines.get(session.id) ?? { events: [], total: 0 };
      const codomsArguments: CodomsArguments = threadId === undefined ? {} : { threadId };
      const timelineArguments: TimelineArguments = { from: known.total };
      const [codoms, timeline] = await Promise.all([
        session.customRequest(DipcRequest.codoms, codomsArguments) as Promise<CodomsResponseBody>,
        session.customRequest(DipcRequest.timeline, timelineArguments) as Promise<TimelineResponseBody>,
      ]);
      const events = [...known.events, ...timeline.events].slice(-TIMELINE_EVENTS_KEPT);
      const merged = { events, total: timeline.total };
      this.timelines.set(session.id, merged);
      state.codoms = codoms;
      state.timeline = merged;
    } catch (error) {
      state.error = `the debug adapter did not answer ${DipcRequest.codoms} / ${DipcRequest.timeline}: ${(error as Error).message}`;
    }
    if (generation === this.generation) this.publish(state);
    return state;
  }

  private markRunning(session: vscode.DebugSession): void {
    this.generation++;
    this.publish(this.current?.session.id === session.id ? { ...this.current, running: true } : { session, running: true });
  }

  private publish(state: InspectorState | undefined): void {
    this.current = state;
    this.changeEmitter.fire(state);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
