import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { Spinner } from '@fluentui/react-components';
import { strings } from '#browser/strings/index';
import { Notice } from './ui';

/*
 * Features the first screen does not need come in webpack chunks of their own, fetched when first
 * used (React.lazy). While one loads, a spinner says what is coming; if its chunk cannot be
 * fetched (in production the chunks come from the CRM service, so a CRM that is down takes them
 * along), the feature says so and the rest of the pane keeps working. What marks an item pending
 * (the tracking workflow, the outbox, the Office adapter) is never loaded this way.
 */

export type LazyFeatureProps = {
  /** What is loading, for the spinner (read by screen readers). */
  label: string;
  children: ReactNode;
};

export function LazyFeature({ label, children }: LazyFeatureProps) {
  return (
    <FeatureBoundary>
      <Suspense fallback={<Spinner size="tiny" labelPosition="after" label={label} />}>{children}</Suspense>
    </FeatureBoundary>
  );
}

type BoundaryState = { failed: boolean };

/** Catches a feature that could not load (or broke) so it takes only itself down. */
class FeatureBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failed: false };

  static getDerivedStateFromError(): BoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For support: the chunk's URL or the render error, with where it happened.
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.failed) return <Notice intent="error">{strings.app.featureFailed}</Notice>;
    return this.props.children;
  }
}
