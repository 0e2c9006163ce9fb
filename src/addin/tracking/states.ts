import { isRegardingType, type CompactCard, type TrackingMarker } from '#contract';
import { failureReasons } from './failures';
import type { FailureCode, PendingReason, RegardingTarget, TrackingState } from './types';

/*
 * The states the pane shows, built in one place, and the regarding record as the pane names it.
 */

export function pendingState(
  regarding: RegardingTarget | null,
  reason: PendingReason,
  nextAttemptAt: string | null = null,
): TrackingState {
  return { status: 'pending', regarding, nextAttemptAt, reason };
}

export function failedState(
  code: FailureCode,
  regarding: RegardingTarget | null,
  reason: string = failureReasons[code],
): TrackingState {
  return { status: 'failed', regarding, code, reason, retryable: false };
}

export function regardingFromCard(card: CompactCard | null | undefined): RegardingTarget | null {
  if (!card || !isRegardingType(card.type)) return null;
  return { type: card.type, id: card.id, name: card.name };
}

export function regardingFromMarker(marker: TrackingMarker): RegardingTarget | null {
  if (!marker.regarding) return null;
  return { ...marker.regarding, name: marker.regardingName ?? '' };
}
