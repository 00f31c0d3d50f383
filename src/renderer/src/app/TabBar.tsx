/**
 * The strip of open files. Each tab names its file (and .npz member), marks unsaved changes and
 * has its own close button; middle-click or Delete (on the focused tab) closes too. Arrow keys
 * move between tabs.
 */
import type { KeyboardEvent, MouseEvent } from 'react';
import { sessionLabel } from './format.js';
import { CloseIcon } from './Modal.js';
import type { Tab } from './tabs.js';

export interface TabBarProps {
  readonly tabs: readonly Tab[];
  readonly activeId: string | null;
  readonly onActivate: (id: string) => void;
  readonly onClose: (id: string) => void;
}

export function tabDomId(id: string): string {
  return `tab-${id.replace(/[^\w-]/g, '_')}`;
}

export function TabBar({ tabs, activeId, onActivate, onClose }: TabBarProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Delete' && activeId !== null) {
      event.preventDefault();
      onClose(activeId);
      return;
    }
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || tabs.length === 0) return;
    event.preventDefault();
    const index = tabs.findIndex((t) => t.id === activeId);
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onActivate(next.id);
    document.getElementById(tabDomId(next.id))?.focus();
  };
  return (
    <div className="tab-strip" role="tablist" aria-label="Open files" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const label = sessionLabel(tab.session);
        const selected = tab.id === activeId;
        const onAuxClick = (event: MouseEvent): void => {
          if (event.button === 1) onClose(tab.id);
        };
        return (
          <div key={tab.id} className={`file-tab${selected ? ' is-active' : ''}${tab.session.dirty ? ' is-dirty' : ''}`} onAuxClick={onAuxClick}>
            <button
              id={tabDomId(tab.id)}
              type="button"
              role="tab"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              className="file-tab-label"
              title={`${tab.session.path}${tab.session.member ? ` › ${tab.session.member}` : ''}`}
              onClick={() => onActivate(tab.id)}
            >
              <span className={`tab-mode mode-${tab.session.mode === 'r+' || tab.session.mode === 'w+' ? 'write' : tab.session.mode}`} aria-hidden="true">
                {tab.session.mode}
              </span>
              <span className="file-tab-name">{label}</span>
              {tab.session.dirty ? (
                <span className="dirty-dot" aria-label="unsaved changes" role="img">
                  ●
                </span>
              ) : null}
            </button>
            <button type="button" className="icon-button file-tab-close" aria-label={`Close ${label}`} title={`Close ${label}`} tabIndex={selected ? 0 : -1} onClick={() => onClose(tab.id)}>
              <CloseIcon />
            </button>
          </div>
        );
      })}
    </div>
  );
}
