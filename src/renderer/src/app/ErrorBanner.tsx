/**
 * Errors as data, shown to the user: what failed (naming the file), the engine's message verbatim
 * and its kind. Banners stack under the tab strip and stay until dismissed; the rest of the app
 * keeps working underneath.
 */
import type { ErrorData } from '../../../shared/errors.js';
import { CloseIcon } from './Modal.js';

export interface AppError {
  readonly id: number;
  /** What the user was doing, naming the file: "Could not open bad.npy". */
  readonly title: string;
  readonly error: ErrorData;
}

/** The engine's message and its kind, as one block (used in banners and inside dialogs). */
export function ErrorText({ error }: { error: { readonly kind: string; readonly message: string } }) {
  return (
    <span className="error-text">
      <span className="error-kind">{error.kind}</span>
      <span className="error-message">{error.message}</span>
    </span>
  );
}

export function ErrorBanners({ errors, onDismiss }: { errors: readonly AppError[]; onDismiss: (id: number) => void }) {
  if (errors.length === 0) return null;
  return (
    <div className="banners">
      {errors.map((e) => (
        <div key={e.id} className="banner banner-error" role="alert">
          <ErrorIcon />
          <div className="banner-text">
            <strong className="banner-title">{e.title}</strong>
            <ErrorText error={e.error} />
          </div>
          <button type="button" className="icon-button" aria-label={`Dismiss: ${e.title}`} onClick={() => onDismiss(e.id)}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}

function ErrorIcon() {
  return (
    <svg className="banner-icon" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <circle cx="7" cy="7" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path d="M7 3.6v4.2" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      <circle cx="7" cy="10.2" r="0.9" fill="currentColor" />
    </svg>
  );
}
