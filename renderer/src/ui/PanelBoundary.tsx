// One panel's failure stays in that panel: a render error below shows "This panel failed: …" with
// a "Try again" button that renders the panel afresh, and the rest of the window keeps working.
import { Component, type ReactNode } from 'react';

interface Props {
  /** What the panel is, for the failure's accessible name ("Fields", "Queue"…). */
  name: string;
  children: ReactNode;
}

export class PanelBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-failed" role="alert" aria-label={`${this.props.name} failed`}>
        <p>This panel failed: {error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
