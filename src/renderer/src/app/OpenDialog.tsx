/**
 * Opening a file: in serve mode a file browser on the left; for the chosen file, what `probe`
 * says it is and the choices that format needs — the mode for .npy, the member for .npz (with
 * extraction for compressed members), the layout for raw files — and Open, with progress and
 * Cancel. Any file can be opened as raw instead. Errors stay in the dialog, verbatim, so the user
 * can change the choice or pick another file.
 */
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { Input, Output } from '../../../shared/contract.js';
import type { ErrorData, Result } from '../../../shared/errors.js';
import type { SessionInfo } from '../../../shared/schemas.js';
import { ErrorText } from './ErrorBanner.js';
import { FileBrowser, type FileEntry } from './FileBrowser.js';
import { baseName, formatBytes, percent } from './format.js';
import { ExtractNote, type MemberInfo, MemberPicker } from './MemberPicker.js';
import { Modal } from './Modal.js';
import { ModePicker, modeRefusal, type PickableMode } from './ModePicker.js';
import { RawForm } from './RawForm.js';
import { fieldsFromName, useRawLayout } from './rawLayout.js';
import type { RunOptions } from './useLongCalls.js';

type Probe = Output<'probe'>;
export type OpenInput = Input<'open'>;

export interface OpenDialogProps {
  readonly client: DataClient;
  readonly allowWrites: boolean;
  /** serve: list files with `listFiles`; desktop: the file came from the native dialog. */
  readonly browse: { readonly dir: string | null; readonly root: string | null; readonly onDirChange: (dir: string | null) => void } | null;
  readonly initialPath: string | null;
  /** Start in the raw form (Open Raw…, or "open as raw" chosen before). */
  readonly initialRaw: boolean;
  /** Desktop: choose another file with the native dialog. */
  readonly pickAnother?: () => Promise<string | null>;
  readonly open: (input: OpenInput, label: string, options: RunOptions) => Promise<Result<SessionInfo>>;
  readonly onClose: () => void;
}

interface Selection {
  readonly path: string;
  readonly isDir: boolean;
}

const FORMAT_LABELS: Record<Probe['format'], string> = {
  npy: 'NumPy .npy array',
  npz: 'NumPy .npz archive',
  raw: 'Raw binary data (no header)',
};

export function OpenDialog(props: OpenDialogProps) {
  const { client, allowWrites, browse, initialPath, initialRaw } = props;
  const [selected, setSelected] = useState<Selection | null>(initialPath ? { path: initialPath, isDir: false } : null);
  const [probe, setProbe] = useState<{ path: string; result: Result<Probe> } | null>(null);
  const [rawChosen, setRawChosen] = useState(initialRaw);
  const [mode, setMode] = useState<PickableMode>('r');
  const [member, setMember] = useState<string | null>(null);
  const [raw, setRaw] = useState(() => fieldsFromName(baseName(initialPath ?? '')));
  const [busy, setBusy] = useState<{ label: string; done: number; total: number; controller: AbortController } | null>(null);
  const [openError, setOpenError] = useState<ErrorData | null>(null);
  /** A file opened by double click/Enter before its probe answered: open it when the answer comes. */
  const activateOnProbe = useRef<string | null>(null);

  const path = selected && !selected.isDir ? selected.path : null;
  const probed = probe !== null && probe.path === path ? probe.result : null;
  const info = probed?.ok ? probed.value : null;
  const asRaw = path !== null && (rawChosen || info?.format === 'raw');
  const format = asRaw ? 'raw' : (info?.format ?? 'npy');
  const check = useRawLayout(client, asRaw ? path : null, raw.fields);
  const effectiveMode: PickableMode = modeRefusal(mode, allowWrites, format) ? 'r' : mode;
  const members = info?.members ?? [];
  const chosenMember: MemberInfo | undefined = members.find((m) => m.name === member && !m.error) ?? members.find((m) => !m.error);

  const request = (source: Probe | null, pick: MemberInfo | undefined = chosenMember): { input: OpenInput; label: string } | null => {
    if (path === null) return null;
    const name = baseName(path);
    if (asRaw) return check.state === 'ok' ? { input: { path, mode: effectiveMode, raw: check.options }, label: `Opening ${name} as raw` } : null;
    if (source?.format === 'npy') return { input: { path, mode: effectiveMode }, label: `Opening ${name}` };
    if (source?.format === 'npz' && pick) {
      const extract = pick.compressed;
      return {
        input: { path, mode: effectiveMode, member: pick.name, ...(extract ? { extract: true } : {}) },
        label: extract ? `Extracting ${pick.key} from ${name}` : `Opening ${name} › ${pick.key}`,
      };
    }
    return null;
  };
  const ready = request(info);

  const submit = async (what: { input: OpenInput; label: string }): Promise<void> => {
    const controller = new AbortController();
    setBusy({ label: what.label, done: 0, total: 0, controller });
    setOpenError(null);
    const onProgress = (done: number, total: number): void => setBusy((b) => (b && b.controller === controller ? { ...b, done, total } : b));
    const result = await props.open(what.input, what.label, { signal: controller.signal, onProgress });
    setBusy((b) => (b?.controller === controller ? null : b));
    if (result.ok) props.onClose();
    else if (result.error.kind !== 'cancelled') setOpenError(result.error);
  };

  const onProbed = useEffectEvent((p: string, result: Result<Probe>) => {
    if (activateOnProbe.current !== p) return;
    activateOnProbe.current = null;
    if (result.ok && result.value.format === 'npy' && !rawChosen) void submit({ input: { path: p, mode: effectiveMode }, label: `Opening ${baseName(p)}` });
  });

  useEffect(() => {
    if (path === null) return;
    let live = true;
    void client.call('probe', { path }).then((result) => {
      if (!live) return;
      setProbe({ path, result });
      onProbed(path, result);
    });
    return () => {
      live = false;
    };
  }, [client, path]);

  const choose = (entry: Selection): void => {
    if (busy) return;
    setSelected(entry);
    setRawChosen(initialRaw);
    setMember(null);
    setRaw(fieldsFromName(baseName(entry.path)));
    setOpenError(null);
  };
  /** Double click / Enter: an .npy opens at once with the chosen mode; other formats need their choices first. */
  const activate = (entry: FileEntry): void => {
    if (busy) return;
    if (entry.path !== path) choose(entry);
    if (info && entry.path === path) {
      if (ready && !asRaw && info.format === 'npy') void submit(ready);
    } else activateOnProbe.current = entry.path;
  };
  const close = (): void => {
    busy?.controller.abort();
    props.onClose();
  };
  const pickAnother = async (): Promise<void> => {
    const picked = await props.pickAnother?.();
    if (picked) choose({ path: picked, isDir: false });
  };

  const footer = (
    <>
      {busy ? (
        <div className="dialog-progress" role="status">
          <progress max={busy.total || undefined} value={busy.total ? busy.done : undefined} aria-label="Opening progress" />
          <span>
            {busy.label}… {percent(busy.done, busy.total)}
          </span>
        </div>
      ) : (
        <span className="footer-spacer" />
      )}
      <button type="button" className="button" onClick={close}>
        Cancel
      </button>
      <button
        type="button"
        className="button button-primary"
        disabled={!ready || busy !== null}
        data-autofocus={browse ? undefined : true}
        onClick={() => ready && void submit(ready)}
      >
        {!asRaw && info?.format === 'npz' && chosenMember?.compressed ? 'Extract to a temporary file and open' : 'Open'}
      </button>
    </>
  );

  return (
    <Modal title={initialRaw ? 'Open raw data' : 'Open array'} onClose={close} footer={footer} className={browse ? 'open-dialog has-browser' : 'open-dialog'}>
      {browse ? (
        <FileBrowser
          client={client}
          dir={browse.dir}
          root={browse.root}
          selected={selected?.path ?? null}
          onNavigate={(dir) => {
            setSelected(null);
            browse.onDirChange(dir);
          }}
          onSelect={choose}
          onActivate={activate}
        />
      ) : null}
      <div className="open-details" aria-live="polite">
        {selected === null && props.pickAnother ? (
          <p>
            <button type="button" className="button" onClick={() => void pickAnother()} data-autofocus>
              Choose a file…
            </button>
          </p>
        ) : null}
        {selected === null && !props.pickAnother ? <p className="hint">Choose a file to open.</p> : null}
        {selected?.isDir ? <p className="hint">{baseName(selected.path)} is a folder: double-click it or press Enter to see its files.</p> : null}
        {path !== null ? (
          <>
            <div className="details-head">
              <strong className="details-name">{baseName(path)}</strong>
              {props.pickAnother ? (
                <button type="button" className="button button-small" onClick={() => void pickAnother()} disabled={busy !== null}>
                  Choose another file…
                </button>
              ) : null}
            </div>
            <div className="details-path mono" title={path}>
              {path}
            </div>
            {probed === null ? <p className="hint">Reading the file…</p> : null}
            {info ? (
              <p className="details-facts">
                {FORMAT_LABELS[info.format]} · {formatBytes(info.fileSize)}
              </p>
            ) : null}
            {probed && !probed.ok && !asRaw ? (
              <div className="note note-error" role="alert">
                <ErrorText error={probed.error} />
              </div>
            ) : null}
            {!asRaw && info?.format === 'npz' ? (
              <MemberPicker
                members={members}
                value={chosenMember?.name ?? null}
                onChange={setMember}
                onActivate={(name) => {
                  setMember(name);
                  const what = busy ? null : request(info, members.find((m) => m.name === name && !m.error));
                  if (what) void submit(what);
                }}
                disabled={busy !== null}
              />
            ) : null}
            {!asRaw && info?.format === 'npz' && chosenMember?.compressed ? <ExtractNote member={chosenMember} /> : null}
            {asRaw ? (
              <RawForm fields={raw.fields} guessed={raw.guessed} onChange={(fields) => setRaw({ fields, guessed: false })} check={check} fileSize={info?.fileSize ?? null} disabled={busy !== null} />
            ) : null}
            {info || asRaw ? (
              <ModePicker value={effectiveMode} onChange={setMode} allowWrites={allowWrites} format={format} fileName={baseName(path)} disabled={busy !== null} />
            ) : null}
            <div className="details-actions">
              {!asRaw && probed ? (
                <button type="button" className="link-button" onClick={() => setRawChosen(true)} disabled={busy !== null}>
                  Open as raw data instead…
                </button>
              ) : null}
              {asRaw && rawChosen && info && info.format !== 'raw' ? (
                <button type="button" className="link-button" onClick={() => setRawChosen(false)} disabled={busy !== null}>
                  Back to the {info.format === 'npy' ? '.npy' : '.npz'} options
                </button>
              ) : null}
            </div>
            {openError ? (
              <div className="note note-error" role="alert">
                <strong>Could not open {baseName(path)}</strong> <ErrorText error={openError} />
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </Modal>
  );
}
