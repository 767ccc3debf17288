import { Component, Suspense, type ReactNode } from 'react';

interface LazyBoundaryProps {
  /** Shown while the code loads. */
  loading: ReactNode;
  /** Shown when it could not load (a dropped connection, or a deploy that replaced the chunk). */
  failed: ReactNode;
  children: ReactNode;
}

/** A part of the page loaded on demand: its own loading line, and a failure that stays in its box. */
export class LazyBoundary extends Component<LazyBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.warn('A part of the page could not be loaded', error);
  }

  override render() {
    if (this.state.failed) return this.props.failed;
    return <Suspense fallback={this.props.loading}>{this.props.children}</Suspense>;
  }
}
